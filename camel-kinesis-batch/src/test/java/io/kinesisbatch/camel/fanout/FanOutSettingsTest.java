package io.kinesisbatch.camel.fanout;

import io.kinesisbatch.camel.KinesisBatchConfiguration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FanOutSettingsTest {

    private static KinesisBatchConfiguration config(String readMode) {
        KinesisBatchConfiguration c = new KinesisBatchConfiguration();
        c.setStreamName("orders");
        c.setReadMode(readMode);
        return c;
    }

    @Test
    void pollingIsTheDefaultAndNeedsNoConsumer() {
        FanOutSettings s = FanOutSettings.from(new KinesisBatchConfiguration());
        assertThat(s.enabled()).isFalse();
        assertThat(s.consumerName()).isNull();
    }

    @Test
    void theConsumerNameDefaultsToTheCheckpointTable() {
        KinesisBatchConfiguration c = config("enhancedFanOut");
        c.setCheckpointTable("orders-app");
        FanOutSettings s = FanOutSettings.from(c);
        assertThat(s.enabled()).isTrue();
        assertThat(s.consumerName()).isEqualTo("orders-app");
        assertThat(s.consumerArn()).isNull();
        assertThat(s.deregisterOnStop()).isFalse();
    }

    @Test
    void aConsumerArnIsUsedAsItIsAndNothingIsNamed() {
        KinesisBatchConfiguration c = config("ENHANCEDFANOUT");
        c.setConsumerArn("arn:aws:kinesis:eu-west-1:123456789012:stream/orders/consumer/app:1700000000");
        c.setDeregisterConsumerOnStop(true);
        FanOutSettings s = FanOutSettings.from(c);
        assertThat(s.consumerArn()).endsWith("consumer/app:1700000000");
        assertThat(s.consumerName()).isNull();
        assertThat(s.deregisterOnStop()).isTrue();
    }

    @Test
    void badValuesNameTheOption() {
        assertThatThrownBy(() -> FanOutSettings.from(config("push"))).hasMessageContaining("readMode")
                .hasMessageContaining("push");
        KinesisBatchConfiguration badName = config("enhancedFanOut");
        badName.setConsumerName("my app");
        assertThatThrownBy(() -> FanOutSettings.from(badName)).hasMessageContaining("consumerName")
                .hasMessageContaining("my app");
        KinesisBatchConfiguration longTable = config("enhancedFanOut");
        longTable.setCheckpointTable("t".repeat(129));
        assertThatThrownBy(() -> FanOutSettings.from(longTable)).hasMessageContaining("defaulting to checkpointTable")
                .hasMessageContaining("set consumerName");
        KinesisBatchConfiguration badArn = config("enhancedFanOut");
        badArn.setConsumerArn("arn:aws:kinesis:eu-west-1:123456789012:stream/orders");
        assertThatThrownBy(() -> FanOutSettings.from(badArn)).hasMessageContaining("consumerArn");
    }
}
