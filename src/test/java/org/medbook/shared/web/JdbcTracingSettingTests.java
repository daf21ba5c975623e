package org.medbook.shared.web;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whether the JDBC instrumentation (a span and a timer per connection checkout and per statement) is on,
 * as application.yml decides it from the environment: it costs a booking a fifth of its server CPU, so
 * it is on where spans leave the process, and otherwise only when asked for. {@link SpanTests} shows
 * what it records when it is on (the tests' profile turns it on).
 */
class JdbcTracingSettingTests {

    @Test
    void offByDefault() throws IOException {
        assertThat(jdbcInstrumentation(Map.of())).isFalse();
    }

    @Test
    void onWhereSpansAreExported() throws IOException {
        assertThat(jdbcInstrumentation(Map.of("MEDBOOK_TRACING_EXPORT", "true"))).isTrue();
        assertThat(jdbcInstrumentation(Map.of("MEDBOOK_TRACING_EXPORT", "false"))).isFalse();
    }

    @Test
    void itsOwnSettingDecidesEitherWay() throws IOException {
        assertThat(jdbcInstrumentation(Map.of("MEDBOOK_TRACING_JDBC", "true"))).isTrue();
        assertThat(jdbcInstrumentation(Map.of("MEDBOOK_TRACING_JDBC", "false", "MEDBOOK_TRACING_EXPORT", "true"))).isFalse();
    }

    private static boolean jdbcInstrumentation(Map<String, Object> variables) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new MapPropertySource("variables", variables));
        new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
                .forEach(environment.getPropertySources()::addLast);
        return environment.getRequiredProperty("jdbc.datasource-proxy.enabled", Boolean.class);
    }
}
