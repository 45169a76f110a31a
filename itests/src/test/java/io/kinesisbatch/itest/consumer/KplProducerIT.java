package io.kinesisbatch.itest.consumer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.kinesisbatch.camel.checkpoint.SequencePosition;
import io.kinesisbatch.itest.support.AwsPeers;
import io.kinesisbatch.itest.support.Streams;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.kinesis.producer.KinesisProducer;
import software.amazon.kinesis.producer.KinesisProducerConfiguration;
import software.amazon.kinesis.producer.UserRecordResult;

import static io.kinesisbatch.itest.support.Polling.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real KPL 1.0.4 (its native daemon) writes aggregated records to kinesis-mock's TLS port; our consumer reads every
 * user record once, with its key, in stream order per key. The KPL asks STS GetCallerIdentity for the account of
 * the stream ARN: a small TLS stub (kinesis-mock's self-signed certificate) answers it.
 */
class KplProducerIT extends ConsumerItBase {

    private static final String TABLE = "it-consumer-kpl-" + System.nanoTime();

    /** The KPL's GetCallerIdentity call, answered with the emulator's account. */
    private static HttpsServer stsStub() throws Exception {
        Path certFile = Paths.get("kinesis-mock", "node_modules", "kinesis-local", "server.json").toAbsolutePath();
        String json = Files.readString(certFile);
        PrivateKey key = KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(pem(json, "PRIVATE KEY")));
        Certificate cert = CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem(json, "CERTIFICATE")));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("sts", key, new char[0], new Certificate[]{ cert });
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);

        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                           + "<GetCallerIdentityResult><Arn>arn:aws:iam::000000000000:user/it</Arn>"
                           + "<UserId>AIDAIT</UserId><Account>000000000000</Account></GetCallerIdentityResult>"
                           + "<ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>"
                           + "</ResponseMetadata></GetCallerIdentityResponse>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    /** A PEM block of the certificate JSON (escaped newlines) as DER bytes. */
    private static byte[] pem(String json, String type) {
        Matcher m = Pattern.compile("-----BEGIN " + type + "-----(.*?)-----END " + type + "-----").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + type + " in kinesis-mock's server.json");
        }
        return Base64.getMimeDecoder().decode(m.group(1).replace("\\n", "\n"));
    }

    @Test
    void whatTheKplAggregatesIsReadOneExchangePerUserRecord() throws Exception {
        String stream = Streams.create(2);
        URI kinesisTls = URI.create(AwsPeers.get().kinesisTlsEndpoint());
        HttpsServer sts = stsStub();
        Path temp = Files.createTempDirectory("kpl-");
        KinesisProducerConfiguration config = new KinesisProducerConfiguration()
                .setRegion(AwsPeers.EMULATOR_REGION)
                .setCredentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("it", "it")))
                .setKinesisEndpoint(kinesisTls.getHost()).setKinesisPort(kinesisTls.getPort())
                .setStsEndpoint("127.0.0.1").setStsPort(sts.getAddress().getPort())
                .setVerifyCertificate(false).setMetricsLevel("none").setLogLevel("warning")
                .setAggregationEnabled(true).setRecordMaxBufferedTime(300).setTempDirectory(temp.toString());
        KinesisProducer kpl = new KinesisProducer(config);
        List<String> written = new ArrayList<>();
        try {
            // the KPL aggregates only once it has the shard map: a first record, then the rest
            kpl.addUserRecord(stream, "key-0", ByteBuffer.wrap("kpl-0".getBytes(StandardCharsets.UTF_8)))
                    .get(60, TimeUnit.SECONDS);
            written.add("kpl-0");
            List<com.google.common.util.concurrent.ListenableFuture<UserRecordResult>> results = new ArrayList<>();
            for (int i = 1; i < 300; i++) {
                String text = "kpl-" + i;
                written.add(text);
                results.add(kpl.addUserRecord(stream, "key-" + (i % 7),
                        ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))));
            }
            kpl.flushSync();
            for (var result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS).isSuccessful()).isTrue();
            }
        } finally {
            kpl.destroy();
            sts.stop(0);
            deleteQuietly(temp); // the extracted daemon is 84 MB
        }
        int kinesisRecords = Streams.readAll(stream).size(); // about 2 aggregates per shard here
        assertThat(kinesisRecords).as("the KPL aggregated: far fewer Kinesis records than messages").isLessThan(100);

        Queue<ConsumerDeaggregationIT.Seen> seen = new ConcurrentLinkedQueue<>();
        consume(peers.uri(stream, quickOptions(TABLE)), e -> seen.add(ConsumerDeaggregationIT.Seen.of(e.getMessage())));
        await("every user record").atMost(Duration.ofSeconds(60)).until(() -> seen.size() >= 300);
        Thread.sleep(1000); // a duplicate would show up now

        assertThat(seen).extracting(ConsumerDeaggregationIT.Seen::text).containsExactlyInAnyOrderElementsOf(written);
        for (var s : seen) {
            int i = Integer.parseInt(s.text().substring(4));
            assertThat(s.partitionKey()).isEqualTo(i == 0 ? "key-0" : "key-" + (i % 7));
        }
        assertThat(seen).as("user records with sub-sequence numbers").anyMatch(s -> s.subSequence() != null
                                                                                    && s.subSequence() > 0);
        // per key (one shard), in the stream's order: (sequence number, sub-sequence number) only ever grows. (The
        // KPL itself does not keep the order of addUserRecord calls per key, so that order is not asserted.)
        for (int k = 0; k < 7; k++) {
            String key = "key-" + k;
            List<SequencePosition> positions = seen.stream().filter(s -> s.partitionKey().equals(key))
                    .map(s -> SequencePosition.of(s.sequenceNumber(), s.subSequence() == null ? 0 : s.subSequence()))
                    .toList();
            assertThat(positions).as(key).isSorted().doesNotHaveDuplicates();
        }
    }

    /**
     * Best effort: the KPL daemon removes its own pipe files while it exits, so a file listed a moment ago may be gone;
     * a second pass gets what the first could not.
     */
    private static void deleteQuietly(Path dir) throws InterruptedException {
        for (int pass = 0; pass < 2 && Files.exists(dir); pass++) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException | java.io.UncheckedIOException e) {
                Thread.sleep(500);
            }
        }
    }
}
