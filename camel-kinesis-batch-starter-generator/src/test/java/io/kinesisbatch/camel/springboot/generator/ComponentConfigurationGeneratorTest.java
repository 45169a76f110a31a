package io.kinesisbatch.camel.springboot.generator;

import java.util.List;

import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The mapping from the component JSON to the starter's configuration class and IDE metadata. That the starter's
 * build output matches the real component is proven in the starter's own tests (StarterMatchesComponentTest,
 * SpringConfigurationMetadataTest).
 */
class ComponentConfigurationGeneratorTest {

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
        JsonObject json = (JsonObject) Jsoner.deserialize(
                """
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
                "java.lang.String", "java.lang.String", "java.lang.Integer", "java.lang.String",
                "com.example.Store.Inner",
                "java.lang.Boolean");
        assertThat(options.get(5).defaultValue()).as("a default that depends on other options is not a default")
                .isNull();

        String source = generator.configurationClass();
        assertThat(source).contains("private String batchTimeout;", "private Integer maxInFlight;",
                "private com.example.Store.Inner store;", "* Key *&#47; {@literal @}x.",
                "s.append(\"secretKey=\").append(\"***\")",
                "@Deprecated\n    public com.example.Store.Inner getStore()")
                .doesNotContain("= \"100ms\"");

        JsonObject metadata = (JsonObject) Jsoner.deserialize(generator.additionalMetadata());
        assertThat(metadata.getCollection("properties").toString())
                .contains("camel.component.kinesis-batch.batch-timeout", "100ms",
                        "camel.component.kinesis-batch.max-in-flight")
                .doesNotContain("use-default");
        assertThat(metadata.getCollection("hints").toString())
                .contains("camel.component.kinesis-batch.when-full", "block", "fail", "spring-bean-reference");
    }

    @Test
    void rejectsJsonThatIsNotAComponentDescription() throws Exception {
        JsonObject json = (JsonObject) Jsoner.deserialize("{ \"component\": { \"description\": \"d\" } }");
        assertThatThrownBy(() -> new ComponentConfigurationGenerator(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("componentProperties");
    }
}
