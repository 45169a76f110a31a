package io.kinesisbatch.camel;

import io.kinesisbatch.camel.aws.AwsClientFactory;
import io.kinesisbatch.camel.metrics.ComponentMetrics;
import io.kinesisbatch.camel.metrics.NoMetrics;
import io.kinesisbatch.camel.metrics.ProducerMeters;
import io.kinesisbatch.camel.producer.EndpointPipeline;
import io.kinesisbatch.camel.producer.KinesisGateway;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.util.URISupport;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * Writes records to, or reads records from, one Kinesis data stream.
 * <p>
 * The endpoint owns the AWS clients it builds and closes them when it stops; clients supplied by the user
 * ({@code kinesisClient}, {@code dynamoDbClient}) are used as they are and never closed.
 * <p>
 * It also owns the one batching pipeline ({@link EndpointPipeline}) that all its producers feed, whichever route or
 * template they belong to: started with the first producer, flushed and stopped with the last one, or with the
 * endpoint itself (a {@code ProducerTemplate}'s producers may stop after their endpoint when the context stops), and
 * always before the endpoint closes its clients.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = KinesisBatchConstants.SCHEME, title = "Kinesis Batch",
             syntax = "kinesis-batch:streamName", category = { Category.CLOUD, Category.MESSAGING },
             headersClass = KinesisBatchConstants.class)
public class KinesisBatchEndpoint extends DefaultEndpoint {

    @UriParam
    private final KinesisBatchConfiguration configuration;

    private AwsClientFactory clients;

    /** Guards the pipeline and its producer count; held while the pipeline starts or stops. */
    private final Object producersLock = new Object();
    private EndpointPipeline pipeline;
    /** The meters of {@link #pipeline}; they leave the registry with it. */
    private ProducerMeters pipelineMeters = NoMetrics.INSTANCE;
    private int producers;

    public KinesisBatchEndpoint(String uri, KinesisBatchComponent component, KinesisBatchConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public Producer createProducer() throws Exception {
        return new KinesisBatchProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        KinesisBatchConsumer consumer = new KinesisBatchConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    public KinesisBatchConfiguration getConfiguration() {
        return configuration;
    }

    @Override
    public KinesisBatchComponent getComponent() {
        return (KinesisBatchComponent) super.getComponent();
    }

    /** The Kinesis client: the user's, or one this endpoint built on first use and closes when it stops. */
    public KinesisAsyncClient getKinesisClient() {
        KinesisAsyncClient supplied = configuration.getKinesisClient();
        return supplied != null ? supplied : clientFactory().kinesis();
    }

    /**
     * The client for enhanced fan-out's SubscribeToShard: the user's Kinesis client when one is supplied (the SDK's
     * default async client speaks HTTP/2 already), else an HTTP/2 client this endpoint builds on first use, apart from
     * the polling and producer client, and closes when it stops.
     */
    public KinesisAsyncClient getKinesisFanOutClient() {
        KinesisAsyncClient supplied = configuration.getKinesisClient();
        return supplied != null ? supplied : clientFactory().kinesisFanOut();
    }

    /**
     * The client for the producer's PutRecords when it has SDK retries off already (built by this endpoint, on the
     * same connection pool as {@link #getKinesisClient()}); null when the user supplied the Kinesis client: the
     * producer then switches SDK retries off per request.
     */
    public KinesisAsyncClient getKinesisClientWithoutRetries() {
        return configuration.getKinesisClient() != null ? null : clientFactory().kinesisWithoutRetries();
    }

    /** The DynamoDB client: the user's, or one this endpoint built on first use and closes when it stops. */
    public DynamoDbAsyncClient getDynamoDbClient() {
        DynamoDbAsyncClient supplied = configuration.getDynamoDbClient();
        return supplied != null ? supplied : clientFactory().dynamoDb();
    }

    /** Whether the endpoint holds clients it built and has not closed yet (tests: its stop closes them). */
    synchronized boolean holdsBuiltClients() {
        return clients != null;
    }

    private synchronized AwsClientFactory clientFactory() {
        if (clients == null) {
            clients = new AwsClientFactory(configuration);
        }
        return clients;
    }

    /**
     * A producer starts: the endpoint's pipeline, started now when it is the first. The caller must give it back with
     * {@link #detachProducer(EndpointPipeline)} when it stops, and must have started the endpoint: a stopped endpoint
     * refuses, since nothing would close the pipeline and the clients built for it (its stop has run already).
     *
     * @throws IllegalStateException when the endpoint is not started (it is stopping, or stopped)
     */
    public EndpointPipeline attachProducer() {
        synchronized (producersLock) {
            if (!isStarted()) {
                // a stop under way (doStop waits for this lock, then closes the clients) or done
                throw new IllegalStateException("kinesis-batch endpoint for stream " + configuration.getStreamName()
                                                + " is stopped; start it before its producers");
            }
            if (pipeline == null) {
                KinesisGateway gateway = new KinesisGateway(getKinesisClient(), getKinesisClientWithoutRetries(),
                        configuration.getStreamName());
                pipeline = new EndpointPipeline(this, getCamelContext(), configuration, gateway,
                        getComponent().isHealthCheckProducerEnabled());
                pipelineMeters = ComponentMetrics.forContext(getCamelContext()).producer(
                        configuration.getStreamName(), URISupport.sanitizeUri(getEndpointUri()), pipeline.stats(),
                        pipeline::snapshot);
                producers = 0;
            }
            producers++;
            return pipeline;
        }
    }

    /**
     * A producer stops: the last one flushes and stops the pipeline. A pipeline the endpoint already stopped (the
     * endpoint stopped before this producer) is left alone.
     */
    public void detachProducer(EndpointPipeline attached) {
        synchronized (producersLock) {
            if (attached != pipeline || --producers > 0) {
                return;
            }
            pipeline = null;
            closeMeters();
            attached.close(); // under the lock: the endpoint's stop waits for it before closing the clients
        }
    }

    /**
     * Stops this endpoint when nothing else will: no producer is attached and its context no longer knows it (removed
     * from the context, which stopped it, then started again by a producer a template kept). Its clients close then.
     */
    void stopIfOrphaned() {
        boolean idle;
        synchronized (producersLock) {
            idle = pipeline == null;
        }
        if (idle && isStarted() && getCamelContext().hasEndpoint(getEndpointUri()) != this) {
            ServiceHelper.stopService(this);
        }
    }

    private void closeMeters() {
        pipelineMeters.close();
        pipelineMeters = NoMetrics.INSTANCE;
    }

    @Override
    protected void doStop() throws Exception {
        synchronized (producersLock) {
            // producers still attached (a template's, stopped after its endpoint) find the pipeline closed and their
            // exchanges fail with KinesisBatchProducerStoppedException; what is buffered is flushed first
            if (pipeline != null) {
                EndpointPipeline open = pipeline;
                pipeline = null;
                producers = 0;
                closeMeters();
                open.close();
            }
        }
        super.doStop();
        AwsClientFactory toClose;
        synchronized (this) {
            toClose = clients;
            clients = null;
        }
        if (toClose != null) {
            toClose.close();
        }
    }
}
