package org.medbook.shared.metrics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param gaugeRefresh how long a gauge read from the database is reused: a scrape every few seconds
 *                     (or several scrapers) then costs one query per module and interval
 */
@ConfigurationProperties("medbook.metrics")
public record MetricsProperties(@DefaultValue("PT10S") Duration gaugeRefresh) {
}
