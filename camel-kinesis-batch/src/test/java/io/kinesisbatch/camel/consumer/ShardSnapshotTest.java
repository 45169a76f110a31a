package io.kinesisbatch.camel.consumer;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShardSnapshotTest {

    private static final Instant POLLED = Instant.parse("2026-12-03T12:00:00Z");

    @Test
    void aPollingShardsLineHasNoSubscriptionAndAnErrorOnlyWhileFailing() {
        ShardSnapshot healthy = new ShardSnapshot("shardId-1", "READING", 40, POLLED, "1004", 3, null, null, POLLED,
                null, null, 0);
        assertThat(healthy.statusLine()).isEqualTo("shardId-1 READING millisBehindLatest=40"
                                                   + " lastSuccessfulPoll=2026-12-03T12:00:00Z checkpoint=1004 inFlight=3");
        ShardSnapshot failing = new ShardSnapshot("shardId-1", "READING", 40, POLLED, null, 0, "throttled", POLLED,
                POLLED, null, null, 0);
        assertThat(failing.statusLine()).endsWith("checkpoint=null inFlight=0 lastError=throttled");
    }

    @Test
    void aFanOutShardsLineTellsItsSubscription() {
        ShardSnapshot s = new ShardSnapshot("shardId-1", "READING", 0, POLLED, "1004", 0, null, null, POLLED, null,
                null, 0, "STREAMING");
        assertThat(s.statusLine()).endsWith("inFlight=0 subscription=STREAMING");
    }
}
