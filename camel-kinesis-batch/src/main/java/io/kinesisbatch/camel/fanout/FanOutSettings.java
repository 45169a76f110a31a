package io.kinesisbatch.camel.fanout;

import java.util.Locale;
import java.util.regex.Pattern;

import io.kinesisbatch.camel.KinesisBatchConfiguration;

/**
 * The enhanced fan-out options, checked once when the consumer is created, so a wrong value stops the route from
 * starting with a message naming the option.
 *
 * @param enabled      readMode is {@code enhancedFanOut}
 * @param consumerName the stream consumer to register or find (null when {@code consumerArn} is given)
 * @param consumerArn  an existing stream consumer to use as it is, or null
 * @param deregisterOnStop deregister the stream consumer when the route stops
 */
public record FanOutSettings(boolean enabled, String consumerName, String consumerArn, boolean deregisterOnStop) {

    /** What Kinesis accepts as a consumer name. */
    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,128}");
    /** arn:partition:kinesis:region:account:stream/name/consumer/consumerName:creationTimestamp */
    static final Pattern ARN = Pattern.compile("arn:[\\w-]+:kinesis:[\\w-]*:\\d*:stream/[a-zA-Z0-9_.-]+/consumer/"
                                               + "[a-zA-Z0-9_.-]+:\\d+");

    public static FanOutSettings from(KinesisBatchConfiguration c) {
        boolean enabled = readMode(c.getReadMode());
        if (!enabled) {
            return new FanOutSettings(false, null, null, false);
        }
        String arn = blankToNull(c.getConsumerArn());
        if (arn != null) {
            if (!ARN.matcher(arn).matches()) {
                throw new IllegalArgumentException("consumerArn must be a stream consumer ARN like arn:aws:kinesis:"
                                                   + "eu-west-1:123456789012:stream/orders/consumer/orders-app:"
                                                   + "1700000000, got: " + arn);
            }
            return new FanOutSettings(true, null, arn, c.isDeregisterConsumerOnStop());
        }
        String configured = blankToNull(c.getConsumerName());
        String name = configured != null ? configured : c.getCheckpointTable();
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException((configured != null ? "consumerName" : "consumerName (defaulting to"
                                                                                      + " checkpointTable)")
                                               + " must be 1 to 128 characters of a-z, A-Z, 0-9, _ . and -, got: "
                                               + name + (configured != null ? "" : "; set consumerName"));
        }
        return new FanOutSettings(true, name, null, c.isDeregisterConsumerOnStop());
    }

    /** true for enhancedFanOut, false for polling (the default). */
    static boolean readMode(String value) {
        String v = value == null ? "polling" : value.trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "polling" :
                return false;
            case "enhancedfanout" :
                return true;
            default :
                throw new IllegalArgumentException("readMode must be polling or enhancedFanOut, got: " + value);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
