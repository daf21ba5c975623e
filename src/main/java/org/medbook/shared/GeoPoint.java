package org.medbook.shared;

/** A place on Earth in WGS-84 degrees. */
public record GeoPoint(double latitude, double longitude) {

    public GeoPoint {
        if (Double.isNaN(latitude) || latitude < -90 || latitude > 90) {
            throw MedbookException.badInput("invalid-parameter", "latitude must be between -90 and 90");
        }
        if (Double.isNaN(longitude) || longitude < -180 || longitude > 180) {
            throw MedbookException.badInput("invalid-parameter", "longitude must be between -180 and 180");
        }
    }
}
