package org.medbook.doctors.domain;

import java.util.Objects;
import java.util.UUID;

/** A practice location. Coordinates are absent only while geocoding has failed. */
public record Location(UUID id, String name, String address, Double latitude, Double longitude,
                       GeocodeStatus geocodeStatus, String geocodeError) {

    public Location {
        Objects.requireNonNull(id);
        Objects.requireNonNull(name);
        Objects.requireNonNull(address);
        if ((latitude == null) != (longitude == null)) {
            throw new IllegalArgumentException("latitude and longitude go together");
        }
        if (latitude != null && (latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180)) {
            throw new IllegalArgumentException("coordinates out of range");
        }
        if (geocodeStatus == GeocodeStatus.FAILED && latitude != null) {
            throw new IllegalArgumentException("a failed location has no coordinates");
        }
    }

    public static Location resolved(UUID id, String name, String address, double latitude, double longitude,
            GeocodeStatus how) {
        return new Location(id, name, address, latitude, longitude, how, null);
    }

    public static Location unresolved(UUID id, String name, String address, String error) {
        return new Location(id, name, address, null, null, GeocodeStatus.FAILED, error);
    }

    public boolean hasCoordinates() {
        return latitude != null;
    }
}
