package io.kinesisbatch.itest.bench;

import java.util.concurrent.TimeUnit;

import io.kinesisbatch.camel.KinesisBatchConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's completion floor completes every exchange, a partial last group included, with the two headers. */
class CompletionFloorProducerTest {

    @Test
    void completesEveryExchangeOffTheCallersThread() throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.start();
        try {
            CompletionFloorProducer floor = new CompletionFloorProducer(
                    camel.getEndpoint("kinesis-batch:floor?region=us-east-1&accessKey=a&secretKey=b"));
            floor.start();
            AsyncCallers.run(camel, floor, 1_234, 2, new byte[]{ 1 });

            Exchange one = new DefaultExchange(camel);
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
            Thread caller = Thread.currentThread();
            Thread[] completedOn = new Thread[1];
            assertThat(floor.process(one, sync -> {
                completedOn[0] = Thread.currentThread();
                done.countDown();
            })).isFalse();
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(completedOn[0]).isNotSameAs(caller);
            assertThat(one.getMessage().getHeader(KinesisBatchConstants.SHARD_ID)).isNotNull();
            assertThat(one.getMessage().getHeader(KinesisBatchConstants.SEQUENCE_NUMBER)).isNotNull();
            floor.stop();
        } finally {
            camel.stop();
        }
    }
}
