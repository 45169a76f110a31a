package io.kinesisbatch.camel.springboot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's per-option code is generated from the component JSON (see {@link ComponentConfigurationGenerator});
 * this test fails when the committed files differ from what the generator makes of the current JSON, i.e. when a
 * component option was added, removed or changed without regenerating. Regenerate with
 * {@code ./mvnw -B -pl camel-kinesis-batch-starter -am -DskipITs install -Dkinesisbatch.updateStarter=true}
 * (then build once more so the new class is compiled and its IDE metadata written).
 */
class ComponentConfigurationGeneratorTest {

    private static final Path BASEDIR = Paths.get(System.getProperty("kinesisbatch.starter.basedir", "."));

    @Test
    void committedFilesMatchTheComponentMetadata() throws Exception {
        Map<String, String> files = ComponentConfigurationGenerator.fromClassPath().files();
        boolean update = Boolean.getBoolean("kinesisbatch.updateStarter");
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = BASEDIR.resolve(file.getKey());
            if (update) {
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
            }
            assertThat(Files.exists(path)).as(path + " exists").isTrue();
            assertThat(Files.readString(path, StandardCharsets.UTF_8))
                    .as(file.getKey() + " is out of date with the component's options: regenerate it with"
                        + " -Dkinesisbatch.updateStarter=true (see docs/spring-boot.md)")
                    .isEqualTo(file.getValue());
        }
    }

    @Test
    void kebabCaseNamesAreSpringsCanonicalForm() {
        assertThat(ComponentConfigurationGenerator.kebab("dynamoDbUriEndpointOverride"))
                .isEqualTo("dynamo-db-uri-endpoint-override");
        assertThat(ComponentConfigurationGenerator.kebab("region")).isEqualTo("region");
        assertThat(ComponentConfigurationGenerator.kebab("cborEnabled")).isEqualTo("cbor-enabled");
    }

    /** The mapping rules on a synthetic option set, including kinds the component may grow (durations, enums). */
    @Test
    void mapsEachKindOfOption() throws Exception {
        JsonObject json = (JsonObject) Jsoner.deserialize("""
                { "component": { "description": "d" },
                  "componentProperties": {
                    "batchTimeout": { "type": "duration", "javaType": "long", "defaultValue": "100ms", "description": "Wait." },
                    "whenFull": { "type": "enum", "javaType": "java.lang.String", "enum": ["block", "fail"], "defaultValue": "block", "description": "Full." },
                    "maxInFlight": { "type": "integer", "javaType": "int", "defaultValue": 16, "description": "Calls." },
                    "secretKey": { "type": "string", "javaType": "java.lang.String", "secret": true, "description": "Key */ @x." },
                    "store": { "type": "object", "javaType": "com.example.Store$Inner", "description": "Bean.", "deprecated": true },
                    "useDefault": { "type": "boolean", "javaType": "java.lang.Boolean", "defaultValue": false,
                                    "description": "Chain. Default value notice: true when no keys" }
                  } }""");
        ComponentConfigurationGenerator generator = new ComponentConfigurationGenerator(json);
        List<ComponentConfigurationGenerator.Option> options = generator.options();

        assertThat(options).extracting(ComponentConfigurationGenerator.Option::javaType).containsExactly(
                "java.lang.String", "java.lang.String", "java.lang.Integer", "java.lang.String", "com.example.Store.Inner",
                "java.lang.Boolean");
        assertThat(options.get(5).defaultValue()).as("a default that depends on other options is not a default").isNull();

        String source = generator.configurationClass();
        assertThat(source).contains("private String batchTimeout;", "private Integer maxInFlight;",
                "private com.example.Store.Inner store;", "* Key *&#47; {@literal @}x.",
                "s.append(\"secretKey=\").append(\"***\")",
                "@Deprecated\n    public com.example.Store.Inner getStore()")
                .doesNotContain("= \"100ms\"");

        JsonObject metadata = (JsonObject) Jsoner.deserialize(generator.additionalMetadata());
        assertThat(metadata.getCollection("properties").toString())
                .contains("camel.component.kinesis-batch.batch-timeout", "100ms", "camel.component.kinesis-batch.max-in-flight")
                .doesNotContain("use-default");
        assertThat(metadata.getCollection("hints").toString())
                .contains("camel.component.kinesis-batch.when-full", "block", "fail", "spring-bean-reference");
    }
}
