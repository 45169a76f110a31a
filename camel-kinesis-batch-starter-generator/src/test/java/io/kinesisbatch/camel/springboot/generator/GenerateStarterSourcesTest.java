package io.kinesisbatch.camel.springboot.generator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GenerateStarterSourcesTest {

    @TempDir
    Path dir;

    @Test
    void writesNewOrChangedContentAndLeavesAnUnchangedFileAlone() throws Exception {
        Path file = dir.resolve("a/b/Config.java");

        assertThat(GenerateStarterSources.write(file, "one")).as("a missing file, with its directories").isTrue();
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("one");

        FileTime old = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(file, old);
        assertThat(GenerateStarterSources.write(file, "one")).as("same content").isFalse();
        assertThat(Files.getLastModifiedTime(file)).as("so the compiler sees no change").isEqualTo(old);

        assertThat(GenerateStarterSources.write(file, "two")).as("changed content").isTrue();
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("two");
    }

    @Test
    void namesTheArgumentsItNeeds() {
        assertThatThrownBy(() -> GenerateStarterSources.main(new String[]{ "only-one" }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<java-source-root> <resource-root>");
    }

    @Test
    void saysWhenTheComponentJsonIsNotOnTheClassPath() {
        // this module does not depend on the component, so its JSON is not on the test class path
        assertThatThrownBy(() -> GenerateStarterSources.main(new String[]{ dir.toString(), dir.toString() }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(ComponentConfigurationGenerator.JSON)
                .hasMessageContaining("camel-kinesis-batch");
        assertThat(dir).isEmptyDirectory();
    }
}
