package io.kinesisbatch.camel.springboot;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.kinesisbatch.camel.springboot.generator.ComponentConfigurationGenerator;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IDE metadata that spring-boot-configuration-processor wrote at compile time from the generated configuration
 * class and the generated additional metadata: every component option is there under its kebab-case name, with the
 * component's description and default.
 */
class SpringConfigurationMetadataTest {

    private static JsonObject read(String resource) throws Exception {
        try (InputStream in = SpringConfigurationMetadataTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return (JsonObject) Jsoner.deserialize(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void everyComponentOptionHasDescribedMetadata() throws Exception {
        Map<String, JsonObject> metadata = new HashMap<>();
        for (Object p : (JsonArray) read("META-INF/spring-configuration-metadata.json").get("properties")) {
            metadata.put(((JsonObject) p).getString("name"), (JsonObject) p);
        }
        assertThat(metadata).containsKeys("camel.component.kinesis-batch.enabled",
                "camel.component.kinesis-batch.customizer.enabled");

        for (ComponentConfigurationGenerator.Option o : ComponentConfigurationGenerator.fromClassPath().options()) {
            String name = ComponentConfigurationGenerator.PREFIX + "." + o.kebabName();
            assertThat(metadata).as(name).containsKey(name);
            JsonObject m = metadata.get(name);
            assertThat(m.getString("type")).as(name).isEqualTo(o.javaType());
            assertThat(m.getString("description")).as(name)
                    .isEqualTo(ComponentConfigurationGenerator.metadataDescription(o));
            if (o.defaultValue() != null) {
                assertThat(String.valueOf(m.get("defaultValue"))).as(name).isEqualTo(o.defaultValue().toString());
            }
        }
        assertThat(metadata.get("camel.component.kinesis-batch.cbor-enabled").get("defaultValue")).isEqualTo(true);
    }
}
