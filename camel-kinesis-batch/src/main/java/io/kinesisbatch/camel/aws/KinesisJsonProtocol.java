package io.kinesisbatch.camel.aws;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

import software.amazon.awssdk.protocols.cbor.AwsCborProtocolFactory;
import software.amazon.awssdk.protocols.json.BaseAwsJsonProtocolFactory;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * Switches one Kinesis client from CBOR to JSON ({@code cborEnabled=false}) without touching any other client.
 * <p>
 * The SDK (2.51.x) decides CBOR or JSON only from the JVM-wide setting {@code aws.cborEnabled} (system property or
 * {@code AWS_CBOR_DISABLED}), read once when a client is built; it has no client option, and an execution
 * interceptor would have to transcode every request and reply (timestamps are epoch milliseconds in CBOR, seconds in
 * JSON, so replies only with the model at hand). Setting the property around our build, as before, changed it for
 * every client built meanwhile anywhere in the JVM. So the client is built as usual and its protocol factory is then
 * replaced by one the client's own initialisation makes with CBOR off: exactly what the SDK builds with the property
 * set, for this client only. It reaches into SDK internals by name; if a later SDK renames them, the endpoint fails
 * to start with a message saying so (tested on every build by AwsClientFactoryTest).
 */
final class KinesisJsonProtocol {

    private KinesisJsonProtocol() {}

    static KinesisAsyncClient switchToJson(KinesisAsyncClient client) {
        try {
            Class<?> type = client.getClass();
            Method init = type.getDeclaredMethod("init", BaseAwsJsonProtocolFactory.Builder.class);
            init.setAccessible(true);
            Field cborSetting = AwsCborProtocolFactory.Builder.class.getDeclaredField("isSdkSystemSettingCborEnabled");
            cborSetting.setAccessible(true);
            AwsCborProtocolFactory.Builder builder = AwsCborProtocolFactory.builder();
            cborSetting.setBoolean(builder, false);
            AwsCborProtocolFactory json = ((AwsCborProtocolFactory.Builder) init.invoke(client, builder)).build();
            Field factory = type.getDeclaredField("protocolFactory");
            factory.setAccessible(true);
            factory.set(client, json);
            return client;
        } catch (ReflectiveOperationException | RuntimeException e) {
            client.close();
            throw new IllegalStateException("cborEnabled=false is not supported with this AWS SDK version (its Kinesis"
                                            + " client cannot be switched to JSON on its own: " + e + "); remove the"
                                            + " option, or set AWS_CBOR_DISABLED=true for the whole JVM",
                    e);
        }
    }
}
