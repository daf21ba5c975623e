package org.medbook.doctors.domain;

/** Turns an address or place name into coordinates. */
public interface Geocoder {

    sealed interface Result {
        record Found(double latitude, double longitude, String formattedAddress) implements Result { }
        /** The provider knows no such place; asking again will not help. */
        record NotFound() implements Result { }
        /** Throttled, down, timed out or not configured; a retry later may work. */
        record Unavailable(String reason) implements Result { }
    }

    Result geocode(String address);
}
