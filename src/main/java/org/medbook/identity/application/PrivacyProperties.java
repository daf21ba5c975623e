package org.medbook.identity.application;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What a patient is told about the people who read their data, under {@code medbook.privacy}.
 *
 * @param showStaffNames name admins and helpers in a patient's access log (doctors are always named);
 *                       off by default, so staff appear by role only
 */
@ConfigurationProperties("medbook.privacy")
public record PrivacyProperties(boolean showStaffNames) {
}
