package org.medbook.identity.application;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What a patient is told about who read their data, and their personal-data exports, under
 * {@code medbook.privacy}.
 *
 * @param showStaffNames  name admins and helpers in a patient's access log (doctors are always named);
 *                        off by default, so staff appear by role only
 * @param exportTtl       how long a built export can be downloaded
 * @param exportPollEvery how often every node looks for exports to build (a request is also built at once
 *                        by the node that took it)
 */
@Validated
@ConfigurationProperties("medbook.privacy")
public record PrivacyProperties(boolean showStaffNames, @NotNull @DefaultValue("P7D") Duration exportTtl,
                                @NotNull @DefaultValue("PT1M") Duration exportPollEvery) {
}
