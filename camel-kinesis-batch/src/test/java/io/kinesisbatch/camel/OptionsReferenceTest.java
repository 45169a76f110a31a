package io.kinesisbatch.camel;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/options.md is generated from the component JSON that Camel's tooling writes at build time, so the reference
 * can never drift from the code. This test fails when it has; run
 * {@code ./mvnw -pl camel-kinesis-batch test -Dtest=OptionsReferenceTest -Dkinesisbatch.updateDocs=true} to
 * regenerate it.
 */
class OptionsReferenceTest {

    private static final Path DOC = Paths.get("..", "docs", "options.md");
    private static final String JSON = "META-INF/io/kinesisbatch/camel/kinesis-batch.json";
    private static final Map<String, String> GROUP_TITLES = new LinkedHashMap<>();

    static {
        GROUP_TITLES.put("common", "Connection (both roles)");
        GROUP_TITLES.put("security", "Credentials (both roles)");
        GROUP_TITLES.put("producer", "Producer");
        GROUP_TITLES.put("consumer", "Consumer");
        GROUP_TITLES.put("advanced", "Advanced");
        GROUP_TITLES.put("producer (advanced)", "Producer (advanced)");
        GROUP_TITLES.put("consumer (advanced)", "Consumer (advanced)");
    }

    @Test
    void docsOptionsMdMatchesTheComponentMetadata() throws Exception {
        String expected = render(metadata());
        if (Boolean.getBoolean("kinesisbatch.updateDocs")) {
            Files.writeString(DOC, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(DOC)).as(DOC + " exists").isTrue();
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
                .as("docs/options.md is out of date: regenerate it with -Dkinesisbatch.updateDocs=true (see this test's Javadoc)")
                .isEqualTo(expected);
    }

    private static JsonObject metadata() throws Exception {
        try (InputStream in = OptionsReferenceTest.class.getClassLoader().getResourceAsStream(JSON)) {
            assertThat(in).as(JSON + " on the class path").isNotNull();
            return (JsonObject) Jsoner.deserialize(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static String render(JsonObject json) {
        StringBuilder md = new StringBuilder();
        JsonObject component = json.getMap("component");
        md.append("# Option reference\n\n")
                .append("<!-- Generated from the component metadata by OptionsReferenceTest; do not edit by hand. -->\n\n")
                .append("URI syntax: `").append(component.getString("syntax")).append("`. ")
                .append("Every option can be set on the component (`camel.component.kinesis-batch.<option>`, a default for ")
                .append("all endpoints) or on one endpoint URI. Durations accept `500ms`, `5s`, `1m` or plain milliseconds. ")
                .append("Options marked secret are masked in logs and URIs.\n\n");

        JsonObject properties = json.getMap("properties");
        Map<String, List<String>> byGroup = new LinkedHashMap<>();
        GROUP_TITLES.keySet().forEach(g -> byGroup.put(g, new ArrayList<>()));
        for (String name : properties.keySet()) {
            JsonObject p = properties.getMap(name);
            if ("path".equals(p.getString("kind"))) {
                continue;
            }
            String group = p.getString("group");
            if (!"configuration".equals(p.getString("configurationField")) || !byGroup.containsKey(group)) {
                continue; // Camel's generic options (bridgeErrorHandler, exchangePattern, ...) are documented by Camel
            }
            byGroup.get(group).add(row(name, p));
        }
        byGroup.forEach((group, rows) -> {
            if (rows.isEmpty()) {
                return;
            }
            md.append("## ").append(GROUP_TITLES.get(group)).append("\n\n")
                    .append("| option | type | default | description |\n|---|---|---|---|\n");
            rows.forEach(md::append);
            md.append('\n');
        });

        // component-only switches (Camel's HealthCheckComponent): camel.component.kinesis-batch.<option>, not on URIs
        JsonObject componentProperties = json.getMap("componentProperties");
        List<String> health = new ArrayList<>();
        for (String name : componentProperties.keySet()) {
            JsonObject p = componentProperties.getMap(name);
            if ("health".equals(p.getString("group"))) {
                health.add(row(name, p));
            }
        }
        if (!health.isEmpty()) {
            md.append("## Health checks (component only)\n\n")
                    .append("Set on the component (`camel.component.kinesis-batch.<option>`), not on endpoint URIs.\n\n")
                    .append("| option | type | default | description |\n|---|---|---|---|\n");
            health.forEach(md::append);
            md.append('\n');
        }

        md.append("## Headers\n\n| header | type | description |\n|---|---|---|\n");
        JsonObject headers = json.getMap("headers");
        for (String name : headers.keySet()) {
            JsonObject h = headers.getMap(name);
            md.append("| `").append(name).append("` | ").append(simpleType(h.getString("javaType"))).append(" | ")
                    .append(cell(h.getString("description"))).append(" |\n");
        }
        return md.toString();
    }

    private static String row(String name, JsonObject p) {
        Object defaultValue = p.get("defaultValue");
        String type = p.containsKey("enum")
                ? "one of " + String.join(", ", p.getCollection("enum").stream().map(Object::toString).toList())
                : "duration".equals(p.getString("type")) || p.getString("javaType").endsWith("Duration") ? "duration"
                        : simpleType(p.getString("javaType"));
        String description = cell(p.getString("description"));
        String note = null;
        int notice = description.indexOf(" Default value notice: ");
        if (notice >= 0) {
            note = description.substring(notice + " Default value notice: ".length());
            description = description.substring(0, notice);
        }
        if (Boolean.TRUE.equals(p.getBoolean("secret"))) {
            description = "**Secret.** " + description;
        }
        if (Boolean.TRUE.equals(p.getBoolean("autowired"))) {
            description = description + " (autowired)";
        }
        String shownDefault = note != null ? note
                : defaultValue == null ? "" : "`" + defaultValue + "`";
        return "| `" + name + "` | " + type + " | " + shownDefault + " | " + description + " |\n";
    }

    private static String simpleType(String javaType) {
        if (javaType == null) {
            return "";
        }
        int dot = javaType.lastIndexOf('.');
        return dot < 0 ? javaType : javaType.substring(dot + 1);
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
