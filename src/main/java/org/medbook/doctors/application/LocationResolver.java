package org.medbook.doctors.application;

import java.util.UUID;

import org.medbook.doctors.domain.GeocodeStatus;
import org.medbook.doctors.domain.Geocoder;
import org.medbook.doctors.domain.Location;
import org.medbook.shared.MedbookException;
import org.springframework.stereotype.Component;

/**
 * Gives a location its coordinates: the ones supplied, or the geocoder's. A location that cannot be
 * resolved is kept, flagged FAILED with the reason, never lost.
 */
@Component
public class LocationResolver {

    private final Geocoder geocoder;

    LocationResolver(Geocoder geocoder) {
        this.geocoder = geocoder;
    }

    public Location resolve(UUID id, NewLocation location) {
        if ((location.latitude() == null) != (location.longitude() == null)) {
            throw MedbookException.badInput("validation-failed", "latitude and longitude are given together");
        }
        if (location.latitude() != null) {
            return Location.resolved(id, location.name().strip(), location.address().strip(), location.latitude(),
                    location.longitude(), GeocodeStatus.MANUAL);
        }
        return geocode(id, location.name().strip(), location.address().strip());
    }

    public Location geocode(UUID id, String name, String address) {
        return switch (geocoder.geocode(address)) {
            case Geocoder.Result.Found found -> Location.resolved(id, name, address, found.latitude(),
                    found.longitude(), GeocodeStatus.RESOLVED);
            case Geocoder.Result.NotFound notFound -> Location.unresolved(id, name, address, "address-not-found");
            case Geocoder.Result.Unavailable unavailable -> Location.unresolved(id, name, address, unavailable.reason());
        };
    }
}
