package io.kinesisbatch.camel.ratelimit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShardLimitsTest {

    @Test
    void aPercentOfKinesisLimits() {
        assertThat(ShardLimits.ofPercent(100)).isEqualTo(new ShardLimits(1_000, 1_048_576));
        assertThat(ShardLimits.ofPercent(50)).isEqualTo(new ShardLimits(500, 524_288));
        assertThat(ShardLimits.ofPercent(1).recordsPerSecond()).isEqualTo(10);
    }

    @Test
    void zeroMeansNoLimit() {
        assertThat(ShardLimits.ofPercent(0).unlimited()).isTrue();
        assertThat(ShardLimits.ofPercent(0).times(0.5).unlimited()).isTrue();
        assertThat(ShardLimits.ofPercent(100).unlimited()).isFalse();
    }

    @Test
    void outOfRangePercentsAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> ShardLimits.ofPercent(101)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shardRateLimit").hasMessageContaining("101");
        assertThatThrownBy(() -> ShardLimits.ofPercent(-1)).hasMessageContaining("shardRateLimit");
    }

    @Test
    void scalesBothLimits() {
        assertThat(ShardLimits.ofPercent(100).times(0.25)).isEqualTo(new ShardLimits(250, 262_144));
        assertThatThrownBy(() -> ShardLimits.ofPercent(100).times(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShardLimits.ofPercent(100).times(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ShardLimits(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
