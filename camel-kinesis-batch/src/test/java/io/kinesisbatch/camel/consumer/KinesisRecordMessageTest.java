package io.kinesisbatch.camel.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.kinesisbatch.camel.KinesisBatchConstants;
import io.kinesisbatch.camel.checkpoint.SequencePosition;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The records of a List body convert with Camel's type converters, and split into exchanges with their headers. */
class KinesisRecordMessageTest {

    private final CamelContext context = new DefaultCamelContext();

    @AfterEach
    void stop() {
        context.stop();
    }

    private static ShardRecord record(String seq, String key, String data) {
        return new ShardRecord(SequencePosition.of(seq), key, null, data.getBytes(StandardCharsets.UTF_8),
                Instant.EPOCH, false, null);
    }

    private static ShardRecord userRecord(String seq, long sub, String key, String hashKey, String data) {
        return new ShardRecord(SequencePosition.of(seq, sub), key, hashKey, data.getBytes(StandardCharsets.UTF_8),
                Instant.EPOCH, true, null);
    }

    @Test
    void aDeaggregatedRecordCarriesItsSubSequenceNumberAndExplicitHashKeyAPlainOneNeither() {
        context.start();
        Exchange user = new DefaultExchange(context);
        RecordExchanges.fill(user, "s", "shardId-000000000000", List.of(userRecord("7", 3, "k", "12345", "d")), 0,
                false);
        assertThat(user.getIn().getHeader(KinesisBatchConstants.SUB_SEQUENCE_NUMBER)).isEqualTo(3L);
        assertThat(user.getIn().getHeader(KinesisBatchConstants.EXPLICIT_HASH_KEY)).isEqualTo("12345");
        assertThat(user.getIn().getHeader(KinesisBatchConstants.PARTITION_KEY)).isEqualTo("k");
        assertThat(user.getIn().getHeader(KinesisBatchConstants.SEQUENCE_NUMBER)).isEqualTo("7");

        Exchange plain = new DefaultExchange(context);
        RecordExchanges.fill(plain, "s", "shardId-000000000000", List.of(record("8", "p", "d")), 0, false);
        assertThat(plain.getIn().getHeaders()).doesNotContainKeys(KinesisBatchConstants.SUB_SEQUENCE_NUMBER,
                KinesisBatchConstants.EXPLICIT_HASH_KEY);

        Exchange list = new DefaultExchange(context);
        RecordExchanges.fill(list, "s", "shardId-000000000000",
                List.of(userRecord("7", 0, "a", null, "x"), userRecord("7", 1, "b", null, "y")), 0, true);
        assertThat(list.getIn().getHeader(KinesisBatchConstants.SUB_SEQUENCE_NUMBER)).as("the last element's")
                .isEqualTo(1L);
        List<?> body = list.getIn().getBody(List.class);
        assertThat(((KinesisRecordMessage) body.get(0)).getHeader(KinesisBatchConstants.SUB_SEQUENCE_NUMBER))
                .isEqualTo(0L);
        assertThat(((KinesisRecordMessage) body.get(1)).getHeader(KinesisBatchConstants.PARTITION_KEY))
                .isEqualTo("b");
    }

    @Test
    void listElementsConvertToBytesAndStrings() {
        context.start();
        Exchange exchange = new DefaultExchange(context);
        RecordExchanges.fill(exchange, "s", "shardId-000000000000",
                List.of(record("1", "a", "first"), record("2", "b", "zweite ü")), 0, true);

        List<?> body = exchange.getIn().getBody(List.class);
        assertThat(body).hasSize(2).allMatch(KinesisRecordMessage.class::isInstance);
        assertThat(context.getTypeConverter().convertTo(String.class, body.get(1))).isEqualTo("zweite ü");
        assertThat(context.getTypeConverter().convertTo(byte[].class, body.get(0)))
                .isEqualTo("first".getBytes(StandardCharsets.UTF_8));
        assertThat(exchange.getIn().getHeader(KinesisBatchConstants.SEQUENCE_NUMBER)).isEqualTo("2");
    }

    @Test
    void splittingTheListGivesEachRecordItsOwnExchangeAndHeaders() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:list").split(body()).to("mock:record");
            }
        });
        context.start();
        MockEndpoint mock = context.getEndpoint("mock:record", MockEndpoint.class);
        mock.expectedBodiesReceived("first", "second");
        mock.expectedHeaderValuesReceivedInAnyOrder(KinesisBatchConstants.PARTITION_KEY, "a", "b");

        Exchange exchange = new DefaultExchange(context);
        RecordExchanges.fill(exchange, "s", "shardId-000000000000",
                List.of(record("1", "a", "first"), record("2", "b", "second")), 0, true);
        context.createProducerTemplate().send("direct:list", exchange);

        mock.assertIsSatisfied();
        assertThat(mock.getExchanges().get(1).getIn().getHeader(KinesisBatchConstants.SEQUENCE_NUMBER)).isEqualTo("2");
    }

    /** One record per exchange: the headers are filled in when first looked at, whichever way that happens. */
    @Test
    void aSingleRecordExchangeHasTheRecordsHeadersHoweverTheyAreReached() {
        context.start();
        Exchange exchange = new DefaultExchange(context);
        RecordExchanges.fill(exchange, "s", "shardId-000000000001", List.of(record("7", "k", "seven")), 42, false);

        org.apache.camel.Message in = exchange.getIn();
        assertThat(in.getBody(String.class)).isEqualTo("seven");
        org.apache.camel.Message copy = in.copy(); // headers not looked at yet: the copy still has them
        assertThat(copy.getHeaders()).containsEntry(KinesisBatchConstants.SEQUENCE_NUMBER, "7")
                .containsEntry(KinesisBatchConstants.PARTITION_KEY, "k")
                .containsEntry(KinesisBatchConstants.SHARD_ID, "shardId-000000000001")
                .containsEntry(KinesisBatchConstants.STREAM_NAME, "s")
                .containsEntry(KinesisBatchConstants.MILLIS_BEHIND_LATEST, 42L)
                .containsEntry(KinesisBatchConstants.APPROXIMATE_ARRIVAL_TIMESTAMP, Instant.EPOCH);

        Exchange other = new DefaultExchange(context);
        RecordExchanges.fill(other, "s", "shardId-000000000001", List.of(record("8", "k8", "eight")), 0, false);
        other.getIn().setHeader("mine", 1); // a header set first keeps the record's too
        assertThat(other.getIn().hasHeaders()).isTrue();
        assertThat(other.getIn().getHeaders()).containsEntry("mine", 1)
                .containsEntry(KinesisBatchConstants.SEQUENCE_NUMBER, "8").hasSize(7);
        assertThat(other.getIn().getHeader("camelkinesisbatchpartitionkey")).as("case-insensitive as Camel's")
                .isEqualTo("k8");
    }
}
