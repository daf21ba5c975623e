package org.medbook.shared.metrics;

import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Makes gauges that read the database cheap: a module's gauges share one reading, taken when a
 * scrape asks for it and reused for {@code medbook.metrics.gauge-refresh}. Nothing is read per
 * request. A reading that fails (the database is away) yields no value, so the gauges show NaN.
 */
@Component
@EnableConfigurationProperties(MetricsProperties.class)
public class Readings {

    private static final Logger log = LoggerFactory.getLogger(Readings.class);

    private final long maxAgeNanos;

    Readings(MetricsProperties properties) {
        this.maxAgeNanos = properties.gaugeRefresh().toNanos();
    }

    public <T> Reading<T> of(String name, Supplier<T> read) {
        return new Reading<>(name, read, maxAgeNanos);
    }

    /** One cached reading; {@link #get()} answers null while it cannot be read. */
    public static final class Reading<T> {

        private final String name;
        private final Supplier<T> read;
        private final long maxAgeNanos;
        private T value;
        private long readAt;
        private boolean fresh;

        private Reading(String name, Supplier<T> read, long maxAgeNanos) {
            this.name = name;
            this.read = read;
            this.maxAgeNanos = maxAgeNanos;
        }

        public synchronized T get() {
            long now = System.nanoTime();
            if (fresh && now - readAt < maxAgeNanos) {
                return value;
            }
            try {
                value = read.get();
            } catch (RuntimeException e) {
                log.debug("Could not read the {} gauges: {}", name, e.toString());
                value = null;
            }
            readAt = now;
            fresh = true;
            return value;
        }

        /** A number taken from the reading, NaN while there is none: what a gauge reports. */
        public double value(ToDoubleFunction<T> of) {
            T current = get();
            return current == null ? Double.NaN : of.applyAsDouble(current);
        }
    }
}
