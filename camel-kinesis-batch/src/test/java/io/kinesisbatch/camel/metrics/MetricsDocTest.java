package io.kinesisbatch.camel.metrics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/metrics.md lists every meter the component publishes, and no other. */
class MetricsDocTest {

    private static final Pattern TABLE_ROW = Pattern.compile("^\\| `(kinesis\\.batch\\.[a-z.]+)` \\|",
            Pattern.MULTILINE);

    @Test
    void theMetricsPageHasOneRowPerMeter() throws Exception {
        String page = Files.readString(Path.of("..", "docs", "metrics.md"));
        List<String> documented = new ArrayList<>();
        Matcher row = TABLE_ROW.matcher(page);
        while (row.find()) {
            documented.add(row.group(1));
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(MeterNames.ALL);
    }
}
