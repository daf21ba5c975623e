package org.medbook.doctors.application;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Everything the doctors module can be told, under {@code medbook.doctors}. */
@ConfigurationProperties("medbook.doctors")
public record DoctorsProperties(Geocoding geocoding) {

    public DoctorsProperties {
        geocoding = geocoding == null ? new Geocoding("https://maps.googleapis.com", null, Duration.ofSeconds(3),
                Duration.ofDays(30)) : geocoding;
    }

    /** Google Maps Geocoding API; off (locations flagged for an admin) without a key. */
    public record Geocoding(@DefaultValue("https://maps.googleapis.com") String baseUrl, String apiKey,
                            @DefaultValue("PT3S") Duration timeout, @DefaultValue("P30D") Duration cacheTtl) {

        public boolean enabled() {
            return apiKey != null && !apiKey.isBlank();
        }
    }
}
