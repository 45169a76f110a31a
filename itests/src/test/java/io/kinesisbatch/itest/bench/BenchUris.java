package io.kinesisbatch.itest.bench;

/** The {@code kinesis-batch:} URIs of the benchmarks: the bench's region and fake credentials, one emulator. */
final class BenchUris {

    private BenchUris() {}

    /** An endpoint for {@code stream} on the Kinesis at {@code kinesisEndpoint}, with further {@code options}. */
    static String kinesisBatch(String stream, String kinesisEndpoint, String options) {
        return "kinesis-batch:" + stream + "?region=us-east-1&accessKey=bench&secretKey=bench&uriEndpointOverride="
               + kinesisEndpoint + (options.isEmpty() ? "" : "&" + options);
    }
}
