package io.kinesisbatch.camel.springboot.generator;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;

/**
 * Writes the starter's per-option code from the component JSON that Camel's tooling generates
 * ({@code META-INF/io/kinesisbatch/camel/kinesis-batch.json} in the component jar), so the Spring Boot properties can
 * never drift from the component's options:
 * <ul>
 * <li>{@code KinesisBatchComponentConfiguration.java}: one field per component option, Javadoc = the option's
 * description (spring-boot-configuration-processor turns it into IDE metadata);</li>
 * <li>{@code META-INF/additional-spring-configuration-metadata.json}: the defaults (the fields themselves stay
 * {@code null} so that only what the user set is applied), value hints for enum options, bean-reference hints for
 * bean options, and the descriptions of {@code enabled} / {@code customizer.enabled}.</li>
 * </ul>
 * Type mapping: string/boolean/integer/number options keep their (boxed) Java type; {@code duration} options become
 * {@code String} so that both Camel ({@code 500ms}, {@code 1m30s}) and ISO-8601 ({@code PT5S}) forms and plain
 * milliseconds are accepted (Camel converts them when the component is configured); enum options become
 * {@code String} with value hints (Camel validates them); object options keep their type and are set from a bean
 * reference ({@code #beanName}, {@code #bean:beanName} or the bean name) by the starter's
 * {@code KinesisBatchBeanReferenceConverter}, or autowired by Camel when exactly one bean of the type exists.
 * <p>
 * Run during the starter's build by {@link GenerateStarterSources} (generate-sources); the files are not committed.
 */
public final class ComponentConfigurationGenerator {

    /** The component JSON as Camel's tooling puts it into the component jar. */
    public static final String JSON = "META-INF/io/kinesisbatch/camel/kinesis-batch.json";
    /** The configuration class, relative to the generated Java source root. */
    public static final String CLASS_PATH = "io/kinesisbatch/camel/springboot/KinesisBatchComponentConfiguration.java";
    /** The additional IDE metadata, relative to the generated resource root. */
    public static final String METADATA_PATH = "META-INF/additional-spring-configuration-metadata.json";
    public static final String PREFIX = "camel.component.kinesis-batch";
    /** Appended to the description of bean options. */
    static final String BEAN_NOTE = " Set from a bean reference: #beanName, #bean:beanName or the bean name.";

    /** One component option as the starter sees it. */
    public record Option(String name, String kebabName, String javaType, String description, Object defaultValue,
                         boolean secret, boolean bean, boolean deprecated, List<String> enumValues) {
    }

    private final JsonObject json;

    public ComponentConfigurationGenerator(JsonObject json) {
        if (!(json.get("componentProperties") instanceof JsonObject)) {
            throw new IllegalArgumentException("not a Camel component JSON: it has no \"componentProperties\" object");
        }
        this.json = json;
    }

    /** From the component JSON on the class path of {@code loader} (the component jar or its build output). */
    public static ComponentConfigurationGenerator fromClassPath(ClassLoader loader) throws Exception {
        try (InputStream in = loader.getResourceAsStream(JSON)) {
            if (in == null) {
                throw new IllegalStateException(JSON + " is not on the class path (is camel-kinesis-batch built?)");
            }
            return new ComponentConfigurationGenerator(
                    (JsonObject) Jsoner.deserialize(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
    }

    public static ComponentConfigurationGenerator fromClassPath() throws Exception {
        return fromClassPath(ComponentConfigurationGenerator.class.getClassLoader());
    }

    public List<Option> options() {
        List<Option> options = new ArrayList<>();
        JsonObject properties = json.getMap("componentProperties");
        for (String name : properties.keySet()) {
            JsonObject p = properties.getMap(name);
            String type = p.getString("type");
            String javaType = p.getString("javaType");
            String description = p.getString("description");
            Object defaultValue = p.get("defaultValue");
            if (description != null && description.contains("Default value notice:")) {
                defaultValue = null; // the real default depends on other options; the note stays in the description
            }
            List<String> enums = p.containsKey("enum")
                    ? p.getCollection("enum").stream().map(Object::toString).toList() : List.of();
            boolean bean = "object".equals(type);
            String fieldType;
            if ("duration".equals(type) || "java.time.Duration".equals(javaType) || "enum".equals(type)) {
                fieldType = "java.lang.String";
            } else if (bean) {
                fieldType = javaType.replace('$', '.');
            } else {
                fieldType = boxed(javaType);
            }
            options.add(new Option(name, kebab(name), fieldType, description, defaultValue,
                    Boolean.TRUE.equals(p.getBoolean("secret")), bean, Boolean.TRUE.equals(p.getBoolean("deprecated")),
                    enums));
        }
        return options;
    }

    /** The description IDEs show: the option's, plus how to set it for bean options. */
    public static String metadataDescription(Option o) {
        String description = o.description() == null ? "" : o.description().strip();
        if (!o.bean()) {
            return description;
        }
        return (description.isEmpty() || description.endsWith(".") ? description : description + ".") + BEAN_NOTE;
    }

    public static String kebab(String camelCase) {
        StringBuilder out = new StringBuilder();
        for (char c : camelCase.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String boxed(String javaType) {
        return switch (javaType) {
            case "boolean" -> "java.lang.Boolean";
            case "int" -> "java.lang.Integer";
            case "long" -> "java.lang.Long";
            case "double" -> "java.lang.Double";
            case "float" -> "java.lang.Float";
            case "short" -> "java.lang.Short";
            case "byte" -> "java.lang.Byte";
            case "char" -> "java.lang.Character";
            default -> javaType;
        };
    }

    private static String simple(String type) {
        return type.startsWith("java.lang.") && type.indexOf('.', 10) < 0 ? type.substring(10) : type;
    }

    private static String capitalize(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    // ------------------------------------------------------------------ the @ConfigurationProperties class

    String configurationClass() {
        List<Option> options = options();
        JsonObject component = json.getMap("component");
        StringBuilder s = new StringBuilder();
        s.append("package io.kinesisbatch.camel.springboot;\n\n")
                .append("import org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon;\n")
                .append("import org.springframework.boot.context.properties.ConfigurationProperties;\n\n")
                .append("/**\n");
        javadocLines(s, "", component.getString("description"));
        s.append(" * <p>\n")
                .append(" * Every option of the {@code kinesis-batch} component as a Spring Boot property\n")
                .append(" * {@code ").append(PREFIX)
                .append(".<option-in-kebab-case>}. An option left unset keeps the component's\n")
                .append(" * default.\n")
                .append(" * <p>\n")
                .append(" * GENERATED during the build from the component JSON by camel-kinesis-batch-starter-generator:\n")
                .append(" * not committed, do not edit (see docs/spring-boot.md).\n")
                .append(" */\n")
                .append("@ConfigurationProperties(prefix = \"").append(PREFIX).append("\")\n")
                .append("public class KinesisBatchComponentConfiguration extends ComponentConfigurationPropertiesCommon {\n");
        for (Option o : options) {
            s.append('\n').append("    /**\n");
            javadocLines(s, "    ", metadataDescription(o));
            s.append("     */\n");
            s.append("    private ").append(simple(o.javaType())).append(' ').append(o.name()).append(";\n");
        }
        for (Option o : options) {
            String type = simple(o.javaType());
            String cap = capitalize(o.name());
            s.append('\n');
            if (o.deprecated()) {
                s.append("    @Deprecated\n");
            }
            s.append("    public ").append(type).append(" get").append(cap).append("() {\n")
                    .append("        return ").append(o.name()).append(";\n    }\n\n");
            if (o.deprecated()) {
                s.append("    @Deprecated\n");
            }
            s.append("    public void set").append(cap).append('(').append(type).append(' ').append(o.name())
                    .append(") {\n        this.").append(o.name()).append(" = ").append(o.name()).append(";\n    }\n");
        }
        s.append("\n    /** The options that are set; secrets only as {@code ***}, beans only by type. */\n")
                .append("    @Override\n    public String toString() {\n")
                .append("        StringBuilder s = new StringBuilder(\"KinesisBatchComponentConfiguration[\");\n");
        for (Option o : options) {
            String value = o.secret() ? "\"***\"" : o.bean() ? o.name() + ".getClass().getName()" : o.name();
            s.append("        if (").append(o.name()).append(" != null) {\n")
                    .append("            s.append(\"").append(o.name()).append("=\").append(").append(value)
                    .append(").append(' ');\n        }\n");
        }
        s.append("        return s.toString().trim() + \"]\";\n    }\n}\n");
        return s.toString();
    }

    private static void javadocLines(StringBuilder s, String indent, String text) {
        String safe = (text == null ? "" : text).replace("*/", "*&#47;").replace("@", "{@literal @}");
        StringBuilder line = new StringBuilder();
        for (String word : safe.split("\\s+")) {
            if (line.length() > 0 && indent.length() + 3 + line.length() + 1 + word.length() > 120) {
                s.append(indent).append(" * ").append(line).append('\n');
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        s.append(indent).append(" * ").append(line).append('\n');
    }

    // ------------------------------------------------------------------ additional metadata

    String additionalMetadata() {
        List<Option> options = options();
        List<String> properties = new ArrayList<>();
        properties.add(property(PREFIX + ".enabled", "java.lang.Boolean",
                "Whether to enable auto configuration of the kinesis-batch component. This is enabled by default.",
                true));
        properties.add(property(PREFIX + ".customizer.enabled", "java.lang.Boolean",
                "Whether the camel.component.kinesis-batch.* options are applied to the component (its customizer)."
                                                                                     + " Defaults to camel.component.customizer.enabled, which defaults to true.",
                true));
        for (Option o : options) {
            if (o.defaultValue() != null) {
                properties.add(property(PREFIX + "." + o.kebabName(), o.javaType(), null,
                        "java.lang.String".equals(o.javaType()) ? o.defaultValue().toString() : o.defaultValue()));
            }
        }
        List<String> hints = new ArrayList<>();
        for (Option o : options) {
            if (!o.enumValues().isEmpty()) {
                StringBuilder values = new StringBuilder();
                for (String v : o.enumValues()) {
                    values.append(values.length() == 0 ? "" : ",\n").append("        { \"value\": ").append(quote(v))
                            .append(" }");
                }
                hints.add("    {\n      \"name\": " + quote(PREFIX + "." + o.kebabName()) + ",\n      \"values\": [\n"
                          + values + "\n      ]\n    }");
            } else if (o.bean()) {
                hints.add(
                        "    {\n      \"name\": " + quote(PREFIX + "." + o.kebabName()) + ",\n      \"providers\": [\n"
                          + "        { \"name\": \"spring-bean-reference\", \"parameters\": { \"target\": "
                          + quote(o.javaType()) + " } }\n      ]\n    }");
            }
        }
        return "{\n  \"properties\": [\n" + String.join(",\n", properties) + "\n  ],\n  \"hints\": [\n"
               + String.join(",\n", hints) + "\n  ]\n}\n";
    }

    private static String property(String name, String type, String description, Object defaultValue) {
        StringBuilder p = new StringBuilder("    {\n      \"name\": ").append(quote(name))
                .append(",\n      \"type\": ").append(quote(type));
        if (description != null) {
            p.append(",\n      \"description\": ").append(quote(description));
        }
        if (defaultValue != null) {
            p.append(",\n      \"defaultValue\": ")
                    .append(defaultValue instanceof String str ? quote(str) : defaultValue.toString());
        }
        return p.append("\n    }").toString();
    }

    private static String quote(String text) {
        return "\"" + Jsoner.escape(text) + "\"";
    }

}
