package org.medbook.shared.retention;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param every        the pause between two retention runs
 * @param initialDelay when the first run starts after start-up (tests set it beyond their length and call the job)
 * @param batchSize    rows deleted per statement and transaction, so no run holds locks on a large table for long
 * @param ages         per target (see {@link RetentionTarget#name()}), how long its data is kept after its purpose ended
 */
@ConfigurationProperties("medbook.retention")
public record RetentionProperties(@DefaultValue("PT1H") Duration every,
                                  @DefaultValue("PT5M") Duration initialDelay,
                                  @DefaultValue("1000") int batchSize,
                                  Map<String, Duration> ages) {

    public RetentionProperties {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("medbook.retention.batch-size must be positive");
        }
        ages = ages == null ? Map.of() : Map.copyOf(ages);
        ages.forEach((target, age) -> {
            if (age.isNegative()) {
                throw new IllegalArgumentException("medbook.retention.ages." + target + " must not be negative");
            }
        });
    }
}
