package org.medbook.doctors.application;

import java.util.Optional;

import org.medbook.doctors.Places;
import org.medbook.doctors.domain.Geocoder;
import org.medbook.shared.GeoPoint;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.stereotype.Component;

@Component
class PlacesHandler implements Places {

    private final Geocoder geocoder;

    PlacesHandler(Geocoder geocoder) {
        this.geocoder = geocoder;
    }

    @Override
    public Optional<GeoPoint> locate(String place) {
        return switch (geocoder.geocode(place)) {
            case Geocoder.Result.Found found -> Optional.of(new GeoPoint(found.latitude(), found.longitude()));
            case Geocoder.Result.NotFound notFound -> Optional.empty();
            case Geocoder.Result.Unavailable unavailable -> throw new MedbookException(ProblemKind.UNAVAILABLE,
                    "geocoding-unavailable", "Places cannot be looked up right now; search by coordinates instead");
        };
    }
}
