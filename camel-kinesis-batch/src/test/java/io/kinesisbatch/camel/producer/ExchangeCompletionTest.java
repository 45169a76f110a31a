package io.kinesisbatch.camel.producer;

import java.util.concurrent.atomic.AtomicInteger;

import io.kinesisbatch.camel.KinesisBatchConstants;
import io.kinesisbatch.camel.KinesisBatchException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExchangeCompletionTest {

    private final CamelContext context = new DefaultCamelContext();
    private final Exchange exchange = new DefaultExchange(context);
    private final AtomicInteger done = new AtomicInteger();

    @Test
    void oneRecordSetsShardAndSequenceNumber() {
        ExchangeCompletion c = new ExchangeCompletion(exchange, sync -> done.incrementAndGet(), 1, false);
        Runnable completion = c.listener(0).succeeded("shardId-1", "42");
        // the listener hands the completion back; it runs where the caller puts it
        assertThat(done).hasValue(0);
        completion.run();
        assertThat(done).hasValue(1);
        assertThat(exchange.getMessage().getHeader(KinesisBatchConstants.SHARD_ID)).isEqualTo("shardId-1");
        assertThat(exchange.getMessage().getHeader(KinesisBatchConstants.SEQUENCE_NUMBER)).isEqualTo("42");
        assertThat(exchange.getMessage().getHeader(KinesisBatchConstants.RECORD_COUNT)).isNull();
    }

    @Test
    void aPlainWriteDropsPositionHeadersTheExchangeBroughtFromElsewhere() {
        // a relayed de-aggregated record arrives with its source's sub-sequence number and a record count; after a
        // plain one-record write they would describe a different record than the new shard and sequence number
        exchange.getMessage().setHeader(KinesisBatchConstants.SUB_SEQUENCE_NUMBER, 3L);
        exchange.getMessage().setHeader(KinesisBatchConstants.RECORD_COUNT, 9);
        ExchangeCompletion c = new ExchangeCompletion(exchange, sync -> done.incrementAndGet(), 1, false);
        c.listener(0).succeeded("shardId-1", "42").run();
        assertThat(exchange.getMessage().getHeader(KinesisBatchConstants.SEQUENCE_NUMBER)).isEqualTo("42");
        assertThat(exchange.getMessage().getHeaders()).doesNotContainKeys(KinesisBatchConstants.SUB_SEQUENCE_NUMBER,
                KinesisBatchConstants.RECORD_COUNT);
    }

    @Test
    void aListCompletesOnlyWhenAllRecordsHaveAnOutcomeWithTheLastRecordsPosition() {
        ExchangeCompletion c = new ExchangeCompletion(exchange, sync -> done.incrementAndGet(), 3, true);
        assertThat(c.listener(2).succeeded("shardId-2", "30")).isNull();
        assertThat(c.listener(0).succeeded("shardId-0", "10")).isNull();
        c.listener(1).succeeded("shardId-1", "20").run();
        assertThat(done).hasValue(1);
        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getHeader(KinesisBatchConstants.SEQUENCE_NUMBER)).isEqualTo("30");
        assertThat(exchange.getMessage().getHeader(KinesisBatchConstants.SHARD_ID)).isEqualTo("shardId-2");
        assertThat(exchange.getMessage().getHeader(KinesisBatchConstants.RECORD_COUNT)).isEqualTo(3);
    }

    @Test
    void aFailedRecordFailsTheExchangeWithTheFirstErrorByPosition() {
        ExchangeCompletion c = new ExchangeCompletion(exchange, sync -> done.incrementAndGet(), 3, true);
        KinesisBatchException second = new KinesisBatchException("second", "X", null);
        KinesisBatchException third = new KinesisBatchException("third", "Y", null);
        assertThat(c.listener(2).failed(third)).isNull();
        assertThat(c.listener(1).failed(second)).isNull();
        c.listener(0).succeeded("s", "1").run();
        assertThat(done).hasValue(1);
        assertThat(exchange.getException()).isSameAs(second);
        assertThat(second.getSuppressed()).singleElement().satisfies(
                s -> assertThat(s).hasMessageContaining("1 of the 3 records"));
        assertThat(exchange.getMessage().getHeader(KinesisBatchConstants.SEQUENCE_NUMBER)).isNull();
    }
}
