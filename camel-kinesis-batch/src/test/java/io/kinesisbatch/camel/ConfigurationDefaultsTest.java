package io.kinesisbatch.camel;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.spi.UriParam;
import org.apache.camel.util.TimeUtils;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default an option documents ({@code @UriParam defaultValue}, which {@link OptionsReferenceTest} keeps equal to
 * docs/options.md) is the value a fresh configuration holds: the field initialisers are what users actually get, and
 * nothing else compares them with the annotation.
 */
class ConfigurationDefaultsTest {

    @Test
    void everyDocumentedDefaultIsTheFieldsInitialValue() throws Exception {
        KinesisBatchConfiguration fresh = new KinesisBatchConfiguration();
        List<String> checked = new ArrayList<>();
        for (Field field : KinesisBatchConfiguration.class.getDeclaredFields()) {
            UriParam param = field.getAnnotation(UriParam.class);
            if (param == null || param.defaultValue().isEmpty()) {
                continue;
            }
            field.setAccessible(true);
            Object actual = field.get(fresh);
            Object expected = expected(field, param);
            assertThat(actual).as("initial value of option %s (documented default %s)", field.getName(),
                    param.defaultValue()).isEqualTo(expected);
            checked.add(field.getName());
        }
        // the test must not pass by checking nothing
        assertThat(checked).contains("batchMaxRecords", "batchTimeout", "checkpointLimit", "leaseDuration",
                "rebalanceInterval", "maxRecordsPerExchange", "skipFailedRecords", "deaggregate", "checkpointTable",
                "createCheckpointTable", "roleSessionName");
    }

    private static Object expected(Field field, UriParam param) {
        String text = param.defaultValue();
        Class<?> type = field.getType();
        if ("java.time.Duration".equals(param.javaType())) {
            return TimeUtils.toMilliSeconds(text);
        }
        if (type == int.class || type == Integer.class) {
            return Integer.valueOf(text);
        }
        if (type == long.class || type == Long.class) {
            return Long.valueOf(text);
        }
        if (type == boolean.class || type == Boolean.class) {
            return Boolean.valueOf(text);
        }
        return text;
    }
}
