package org.medbook.doctors.domain;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocationTests {

    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-0000000000a1");

    private static Location at(Double latitude, Double longitude) {
        return new Location(ID, "Praxis", "Torstr. 1, Berlin", latitude, longitude, GeocodeStatus.MANUAL, null);
    }

    @Test
    void aResolvedLocationHasItsCoordinates() {
        Location location = Location.resolved(ID, "Praxis", "Torstr. 1, Berlin", 52.53, 13.40, GeocodeStatus.RESOLVED);

        assertThat(location.hasCoordinates()).isTrue();
        assertThat(location.latitude()).isEqualTo(52.53);
        assertThat(location.longitude()).isEqualTo(13.40);
        assertThat(location.geocodeStatus()).isEqualTo(GeocodeStatus.RESOLVED);
        assertThat(location.geocodeError()).isNull();
    }

    @Test
    void anUnresolvedLocationHasNoCoordinatesButTheError() {
        Location location = Location.unresolved(ID, "Praxis", "Torstr. 1, Berlin", "address not found");

        assertThat(location.hasCoordinates()).isFalse();
        assertThat(location.latitude()).isNull();
        assertThat(location.geocodeStatus()).isEqualTo(GeocodeStatus.FAILED);
        assertThat(location.geocodeError()).isEqualTo("address not found");
    }

    @Test
    void coordinatesOnTheEdgesOfTheGlobeAreAccepted() {
        assertThat(at(-90.0, -180.0).hasCoordinates()).isTrue();
        assertThat(at(90.0, 180.0).hasCoordinates()).isTrue();
    }

    @Test
    void coordinatesOffTheGlobeAreRefused() {
        assertThatThrownBy(() -> at(-90.01, 0.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> at(90.01, 0.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> at(0.0, -180.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> at(0.0, 180.01)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void latitudeAndLongitudeComeTogether() {
        assertThatThrownBy(() -> at(52.5, null)).hasMessageContaining("together");
        assertThatThrownBy(() -> at(null, 13.4)).hasMessageContaining("together");
        assertThat(at(null, null).hasCoordinates()).isFalse();
    }

    @Test
    void aFailedLocationHasNoCoordinates() {
        assertThatThrownBy(() -> new Location(ID, "Praxis", "Torstr. 1", 52.5, 13.4, GeocodeStatus.FAILED, "timeout"))
                .hasMessageContaining("failed");
    }
}
