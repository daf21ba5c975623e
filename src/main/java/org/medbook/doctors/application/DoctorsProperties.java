package org.medbook.doctors.application;

import java.time.Duration;

import org.medbook.shared.http.HttpTimeouts;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Everything the doctors module can be told, under {@code medbook.doctors}. */
@ConfigurationProperties("medbook.doctors")
public record DoctorsProperties(Geocoding geocoding) {

    public DoctorsProperties {
        geocoding = geocoding == null ? new Geocoding("https://maps.googleapis.com", null, Duration.ofSeconds(2),
                Duration.ofSeconds(3), Duration.ofDays(30)) : geocoding;
    }

    /** Google Maps Geocoding API; off (locations flagged for an admin) without a key. */
    public record Geocoding(@DefaultValue("https://maps.googleapis.com") String baseUrl, String apiKey,
                            @DefaultValue("PT2S") Duration connectTimeout, @DefaultValue("PT3S") Duration readTimeout,
                            @DefaultValue("P30D") Duration cacheTtl) {

        public HttpTimeouts timeouts() {
            return new HttpTimeouts(connectTimeout, readTimeout);
        }

        public boolean enabled() {
            return apiKey != null && !apiKey.isBlank();
        }
    }
}
