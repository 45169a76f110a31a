package io.kinesisbatch.camel.springboot.generator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The starter build's generate-sources step: reads the component JSON from the class path (the starter's compile
 * class path holds camel-kinesis-batch, from the reactor or a repository) and writes the configuration class under
 * the generated Java source root and the additional IDE metadata under the generated resource root.
 * <p>
 * A file whose content is unchanged is not rewritten, so an unchanged component does not make the starter recompile.
 * <p>
 * Arguments: {@code <java-source-root> <resource-root>}.
 */
public final class GenerateStarterSources {

    private GenerateStarterSources() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException(
                    "expected 2 arguments, <java-source-root> <resource-root>, got " + args.length);
        }
        ComponentConfigurationGenerator generator = ComponentConfigurationGenerator.fromClassPath();
        write(Paths.get(args[0]).resolve(ComponentConfigurationGenerator.CLASS_PATH), generator.configurationClass());
        write(Paths.get(args[1]).resolve(ComponentConfigurationGenerator.METADATA_PATH),
                generator.additionalMetadata());
    }

    /** Writes {@code content} to {@code file} unless it already holds exactly that; true when it wrote. */
    static boolean write(Path file, String content) throws IOException {
        if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
            return false;
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return true;
    }
}
