package io.kinesisbatch.itest.bench;

import io.kinesisbatch.camel.KinesisBatchConfiguration;

/** The {@code kinesis-batch:} URIs and client configuration of the benchmarks: the bench's region and fake credentials, one emulator. */
final class BenchUris {

    private BenchUris() {}

    /** An endpoint for {@code stream} on the Kinesis at {@code kinesisEndpoint}, with further {@code options}. */
    static String kinesisBatch(String stream, String kinesisEndpoint, String options) {
        return "kinesis-batch:" + stream + "?region=us-east-1&accessKey=bench&secretKey=bench&uriEndpointOverride="
               + kinesisEndpoint + (options.isEmpty() ? "" : "&" + options);
    }

    /** The same region, credentials and Kinesis as {@link #kinesisBatch}, for the benchmarks' own SDK clients. */
    static KinesisBatchConfiguration configuration(String kinesisEndpoint) {
        KinesisBatchConfiguration config = new KinesisBatchConfiguration();
        config.setRegion("us-east-1");
        config.setAccessKey("bench");
        config.setSecretKey("bench");
        config.setUriEndpointOverride(kinesisEndpoint);
        return config;
    }
}
