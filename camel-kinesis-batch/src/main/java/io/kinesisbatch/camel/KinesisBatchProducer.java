package io.kinesisbatch.camel;

import java.util.stream.Collectors;

import io.kinesisbatch.camel.producer.EndpointPipeline;
import io.kinesisbatch.camel.producer.ShardStatus;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.support.DefaultAsyncProducer;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Writes exchanges to a Kinesis stream in PutRecords batches shared by every sender of the endpoint, while every
 * exchange gets its own outcome: the shard and sequence number of its record, or its own error.
 * <p>
 * A producer is a door into its endpoint's one {@link EndpointPipeline}: it attaches when it starts and detaches when
 * it stops (the last one to detach flushes and stops the pipeline). Its JMX attributes are the endpoint's: every
 * producer of one endpoint shows the same numbers.
 */
@ManagedResource(description = "Kinesis batch producer")
public class KinesisBatchProducer extends DefaultAsyncProducer {

    private volatile EndpointPipeline pipeline;
    /** False once this producer stopped: an exchange then fails, even while other producers keep the pipeline. */
    private volatile boolean accepting;

    public KinesisBatchProducer(KinesisBatchEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public KinesisBatchEndpoint getEndpoint() {
        return (KinesisBatchEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // as Camel does for a route's destination: a producer started on a stopped endpoint (a template's, after the
        // endpoint was stopped or removed) starts it again, so its next stop closes the clients built for this one
        ServiceHelper.startService(getEndpoint());
        pipeline = getEndpoint().attachProducer();
        accepting = true;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        EndpointPipeline p = pipeline;
        if (!accepting || p == null) {
            exchange.setException(new KinesisBatchProducerStoppedException(
                    "Kinesis producer for stream " + getEndpoint().getConfiguration().getStreamName()
                                                                           + " is not started; nothing of this exchange was sent",
                    null, null));
            callback.done(true);
            return true;
        }
        return p.accept(exchange, callback);
    }

    @Override
    protected void doStop() throws Exception {
        accepting = false;
        EndpointPipeline p = pipeline;
        if (p != null) {
            getEndpoint().detachProducer(p);
            // the pipeline stays referenced for the JMX attributes
            getEndpoint().stopIfOrphaned(); // an endpoint this producer started again after its removal
        }
        super.doStop();
    }

    // ---------------------------------------------------------------- JMX

    @ManagedAttribute(description = "Records accepted but not yet acknowledged (queued, in flight or awaiting a retry)")
    public int getBufferedRecords() {
        return pipeline != null ? pipeline.snapshot().bufferedRecords() : 0;
    }

    @ManagedAttribute(description = "Bytes of records accepted but not yet acknowledged")
    public long getBufferedBytes() {
        return pipeline != null ? pipeline.snapshot().bufferedBytes() : 0;
    }

    @ManagedAttribute(description = "PutRecords calls outstanding")
    public int getCallsInFlight() {
        return pipeline != null ? pipeline.snapshot().callsInFlight() : 0;
    }

    @ManagedAttribute(description = "PutRecords calls made")
    public long getPutRecordsCalls() {
        return pipeline == null ? 0 : pipeline.stats().calls();
    }

    @ManagedAttribute(description = "Records acknowledged by Kinesis")
    public long getRecordsSent() {
        return pipeline == null ? 0 : pipeline.stats().recordsSent();
    }

    @ManagedAttribute(description = "Records sent again after a retryable failure (one count per resend)")
    public long getRecordsRetried() {
        return pipeline == null ? 0 : pipeline.stats().recordsRetried();
    }

    @ManagedAttribute(description = "Records that failed after being handed over (rejected, retries exhausted, stopped)")
    public long getRecordsFailed() {
        return pipeline == null ? 0 : pipeline.stats().recordsFailed();
    }

    @ManagedAttribute(description = "Records Kinesis throttled, retried or not")
    public long getRecordsThrottled() {
        return pipeline == null ? 0 : pipeline.stats().recordsThrottled();
    }

    @ManagedAttribute(description = "Per shard (shardRateLimit): records queued, the allowance as a share of the limit,"
                                    + " entries accepted and throttled; one line per shard, empty when off")
    public String getShardLimits() {
        return pipeline == null ? ""
                : pipeline.shardStatuses().stream().map(ShardStatus::describe).collect(Collectors.joining("\n"));
    }

    @ManagedAttribute(description = "Largest record the stream accepts, in bytes (data plus partition key)")
    public int getMaxRecordSize() {
        return pipeline != null ? pipeline.maxRecordSize() : 0;
    }
}
