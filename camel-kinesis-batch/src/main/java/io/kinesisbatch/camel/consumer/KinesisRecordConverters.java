package io.kinesisbatch.camel.consumer;

import java.nio.charset.StandardCharsets;

import org.apache.camel.Converter;

/** Type converters of the records in a List body: to their data, as bytes or as UTF-8 text. */
@Converter(generateLoader = true)
public final class KinesisRecordConverters {

    private KinesisRecordConverters() {}

    @Converter
    public static byte[] toBytes(KinesisRecordMessage record) {
        return record.data();
    }

    @Converter
    public static String toString(KinesisRecordMessage record) {
        byte[] data = record.data();
        return data == null ? null : new String(data, StandardCharsets.UTF_8);
    }
}
