package io.kinesisbatch.itest.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kinesis-mock (npm {@code kinesis-local}, pinned in {@code itests/kinesis-mock/package-lock.json} and installed
 * there by the build) run with the machine's {@code node} on free loopback ports. A preload script pins it to
 * 127.0.0.1 and makes it exit when this JVM is gone, so even a killed test run leaves no server behind.
 */
public final class KinesisMockServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KinesisMockServer.class);

    private final Process process;
    private final int plainPort;
    private final int tlsPort;
    private final Path logFile;

    private KinesisMockServer(Process process, int plainPort, int tlsPort, Path logFile) {
        this.process = process;
        this.plainPort = plainPort;
        this.tlsPort = tlsPort;
        this.logFile = logFile;
    }

    public static KinesisMockServer start() throws Exception {
        Path dir = Paths.get(System.getProperty("kinesisbatch.kinesisMockDir", "kinesis-mock")).toAbsolutePath();
        Path main = dir.resolve("node_modules/kinesis-local/main.js");
        if (!Files.isRegularFile(main)) {
            throw new IllegalStateException("kinesis-mock is not installed at " + main
                                            + ": run `./mvnw -pl itests verify` (it runs npm ci there) or `npm ci` in "
                                            + dir);
        }
        String node = System.getProperty("kinesisbatch.node",
                System.getenv().getOrDefault("KINESIS_BATCH_NODE", "node"));
        int plainPort = FreePort.find();
        int tlsPort = FreePort.find();
        Path logFile = Files.createTempFile("kinesis-mock-", ".log");

        List<String> command = new ArrayList<>(
                List.of(node, "-r", dir.resolve("loopback.js").toString(), main.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        Map<String, String> env = builder.environment();
        env.put("KINESIS_MOCK_PLAIN_PORT", Integer.toString(plainPort));
        env.put("KINESIS_MOCK_TLS_PORT", Integer.toString(tlsPort));
        env.put("KINESIS_MOCK_CERT_PATH", dir.resolve("node_modules/kinesis-local/server.json").toString());
        env.put("KINESIS_BATCH_PARENT_PID", Long.toString(ProcessHandle.current().pid()));
        env.put("LOG_LEVEL", "WARN");
        env.put("AWS_REGION", AwsPeers.EMULATOR_REGION);
        env.put("AWS_ACCOUNT_ID", "000000000000");
        // tests create many small streams and reshard: lift the shard cap and keep state changes quick
        env.put("SHARD_LIMIT", "1000");
        env.put("ON_DEMAND_STREAM_COUNT_LIMIT", "1000");
        for (String op : List.of("CREATE_STREAM", "DELETE_STREAM", "SPLIT_SHARD", "MERGE_SHARDS", "UPDATE_SHARD_COUNT",
                "REGISTER_STREAM_CONSUMER", "DEREGISTER_STREAM_CONSUMER")) {
            env.put(op + "_DURATION", "200ms");
        }
        long started = System.nanoTime();
        Process process = builder.start();
        KinesisMockServer server = new KinesisMockServer(process, plainPort, tlsPort, logFile);
        try {
            FreePort.awaitListening(plainPort, Duration.ofSeconds(60), process);
            FreePort.awaitListening(tlsPort, Duration.ofSeconds(60), process);
        } catch (RuntimeException e) {
            server.close();
            throw new IllegalStateException("kinesis-mock did not start (log: " + logFile + "): " + tail(logFile), e);
        }
        LOG.info("kinesis-mock {} listening on 127.0.0.1:{} (plain) and :{} (TLS) after {} ms; log {}",
                version(dir), plainPort, tlsPort, (System.nanoTime() - started) / 1_000_000, logFile);
        return server;
    }

    public String plainEndpoint() {
        return "http://127.0.0.1:" + plainPort;
    }

    public String tlsEndpoint() {
        return "https://127.0.0.1:" + tlsPort;
    }

    public int plainPort() {
        return plainPort;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private static String version(Path dir) {
        try {
            String json = Files.readString(dir.resolve("node_modules/kinesis-local/package.json"));
            int i = json.indexOf("\"version\"");
            return i < 0 ? "?" : json.substring(i, json.indexOf(',', i)).replaceAll("[^0-9.]", "");
        } catch (Exception e) {
            return "?";
        }
    }

    private static String tail(Path file) {
        try {
            String text = Files.readString(file);
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        } catch (Exception e) {
            return "(no log)";
        }
    }

    @Override
    public String toString() {
        return "kinesis-mock on " + plainEndpoint() + " (log " + logFile + ", pid " + process.pid() + ")";
    }

}
