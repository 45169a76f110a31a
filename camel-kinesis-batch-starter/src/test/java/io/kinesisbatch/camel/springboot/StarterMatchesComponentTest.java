package io.kinesisbatch.camel.springboot;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.spi.PropertyConfigurerGetter;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drift test: the configuration class the build generated is the component's option set, no more, no less. It
 * reads the component JSON itself (not through the generator) and asks the component's own configurer, so a
 * generator that dropped, added or mistyped an option, or a stale component JSON, fails here.
 */
class StarterMatchesComponentTest {

    private static final String JSON = "META-INF/io/kinesisbatch/camel/kinesis-batch.json";

    /** The bindable properties of the generated class: field name to field type. */
    private static Map<String, Class<?>> starterProperties() throws Exception {
        Map<String, Class<?>> properties = new LinkedHashMap<>();
        for (Field field : KinesisBatchComponentConfiguration.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            String cap = Character.toUpperCase(field.getName().charAt(0)) + field.getName().substring(1);
            // Spring Boot binds through the public setter; the customizer reads through the getter
            assertThat(KinesisBatchComponentConfiguration.class.getMethod("get" + cap).getReturnType())
                    .as(field.getName()).isEqualTo(field.getType());
            KinesisBatchComponentConfiguration.class.getMethod("set" + cap, field.getType());
            properties.put(field.getName(), field.getType());
        }
        return properties;
    }

    private static JsonObject componentProperties() throws Exception {
        try (InputStream in = StarterMatchesComponentTest.class.getClassLoader().getResourceAsStream(JSON)) {
            assertThat(in).as(JSON).isNotNull();
            JsonObject json = (JsonObject) Jsoner.deserialize(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return json.getMap("componentProperties");
        }
    }

    @Test
    void everyComponentOptionIsAPropertyAndNothingElseIs() throws Exception {
        JsonObject options = componentProperties();
        assertThat(options).as("component options in " + JSON).hasSizeGreaterThan(40);
        assertThat(starterProperties().keySet()).containsExactlyInAnyOrderElementsOf(options.keySet());
    }

    @Test
    void everyPropertyIsAnOptionTheComponentAcceptsWithACompatibleType() throws Exception {
        JsonObject options = componentProperties();
        try (CamelContext context = new DefaultCamelContext()) {
            Component component = context.getComponent("kinesis-batch");
            PropertyConfigurer configurer = component.getComponentPropertyConfigurer();
            assertThat(configurer).as("the component's generated configurer")
                    .isInstanceOf(PropertyConfigurerGetter.class);

            for (Map.Entry<String, Class<?>> property : starterProperties().entrySet()) {
                String name = property.getKey();
                Class<?> optionType = ((PropertyConfigurerGetter) configurer).getOptionType(name, false);
                assertThat(optionType).as("the component has no option " + name).isNotNull();
                if (property.getValue() == String.class && optionType != String.class) {
                    // durations and enums are bound as text and converted by Camel
                    JsonObject option = options.getMap(name);
                    assertThat(option.getString("type")).as(name).isIn("duration", "enum");
                } else {
                    assertThat(property.getValue()).as(name).isEqualTo(boxed(optionType));
                }
            }
        }
    }

    private static Class<?> boxed(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return switch (type.getName()) {
            case "boolean" -> Boolean.class;
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "double" -> Double.class;
            case "float" -> Float.class;
            case "short" -> Short.class;
            case "byte" -> Byte.class;
            default -> Character.class;
        };
    }
}
