package org.medbook.doctors.application;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Geocoding is on only with a key; without any settings it has Google's address and its own timeouts. */
class DoctorsPropertiesTests {

    @Test
    void withoutSettingsGeocodingIsOffWithItsDefaults() {
        DoctorsProperties.Geocoding geocoding = new DoctorsProperties(null).geocoding();
        assertThat(geocoding.enabled()).isFalse();
        assertThat(geocoding.baseUrl()).isEqualTo("https://maps.googleapis.com");
        assertThat(geocoding.timeouts().connect()).isEqualTo(Duration.ofSeconds(2));
        assertThat(geocoding.timeouts().read()).isEqualTo(Duration.ofSeconds(3));
        assertThat(geocoding.cacheTtl()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void aKeyTurnsGeocodingOnAndABlankOneDoesNot() {
        Duration second = Duration.ofSeconds(1);
        DoctorsProperties.Geocoding keyed = new DoctorsProperties.Geocoding("http://127.0.0.1:1", "key-1", second,
                Duration.ofSeconds(5), Duration.ofDays(1));
        assertThat(new DoctorsProperties(keyed).geocoding()).isSameAs(keyed);
        assertThat(keyed.enabled()).isTrue();
        assertThat(keyed.timeouts().read()).isEqualTo(Duration.ofSeconds(5));
        assertThat(new DoctorsProperties.Geocoding("http://127.0.0.1:1", "  ", second, second, second).enabled()).isFalse();
    }
}
