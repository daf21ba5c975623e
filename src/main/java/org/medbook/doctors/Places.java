package org.medbook.doctors;

import java.util.Optional;

import org.medbook.shared.GeoPoint;

/** Finds a place (an address, a city, a district) through the Maps port, with the shared cache. */
public interface Places {

    /**
     * @return the place, or empty when the provider knows none
     * @throws org.medbook.shared.MedbookException {@code geocoding-unavailable} (503) when the provider cannot answer now
     */
    Optional<GeoPoint> locate(String place);
}
