package org.medbook.support;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** One scrape of /actuator/prometheus, as Prometheus reads it: lines of {@code name{label="value",...} number}. */
public record Scrape(String text) {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)( .*)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** Scrapes the running app with the given token; the scrape must succeed. */
    public static Scrape of(Api api, String token) {
        Api.Response response = api.get("/actuator/prometheus", token);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return new Scrape(response.raw());
    }

    /** The value of the one sample with this name whose labels include the given ones; fails when there is none. */
    public double value(String name, Map<String, String> labels) {
        Double found = find(name, labels);
        assertThat(found).as("a sample %s%s in the scrape", name, labels).isNotNull();
        return found;
    }

    /** Like {@link #value} but 0 when the sample is absent (a counter that never moved). */
    public double valueOrZero(String name, Map<String, String> labels) {
        Double found = find(name, labels);
        return found == null ? 0 : found;
    }

    private Double find(String name, Map<String, String> labels) {
        Double found = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches() || !sample.group(1).equals(name)) {
                continue;
            }
            Map<String, String> present = new java.util.HashMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    present.put(label.group(1), label.group(2));
                }
            }
            if (present.entrySet().containsAll(labels.entrySet())) {
                assertThat(found).as("one sample %s%s, not several", name, labels).isNull();
                found = Double.parseDouble(sample.group(4));
            }
        }
        return found;
    }
}
