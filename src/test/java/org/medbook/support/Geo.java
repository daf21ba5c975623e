package org.medbook.support;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Spherical geometry for search tests: great-circle distances (haversine), points at a given
 * distance and bearing, and random points so each test can have a neighbourhood of its own.
 */
public final class Geo {

    /** The mean Earth radius (IUGG), in kilometres. */
    public static final double EARTH_RADIUS_KM = 6371.0088;

    private Geo() {
    }

    public record Point(double latitude, double longitude) {
    }

    /** Great-circle distance in kilometres by the haversine formula. */
    public static double haversineKm(Point a, Point b) {
        double phi1 = Math.toRadians(a.latitude());
        double phi2 = Math.toRadians(b.latitude());
        double dPhi = phi2 - phi1;
        double dLambda = Math.toRadians(b.longitude() - a.longitude());
        double h = Math.pow(Math.sin(dPhi / 2), 2) + Math.cos(phi1) * Math.cos(phi2) * Math.pow(Math.sin(dLambda / 2), 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    /** The point {@code km} away from {@code from} along the initial bearing {@code bearingDegrees}. */
    public static Point destination(Point from, double bearingDegrees, double km) {
        double delta = km / EARTH_RADIUS_KM;
        double theta = Math.toRadians(bearingDegrees);
        double phi1 = Math.toRadians(from.latitude());
        double lambda1 = Math.toRadians(from.longitude());
        double phi2 = Math.asin(Math.sin(phi1) * Math.cos(delta) + Math.cos(phi1) * Math.sin(delta) * Math.cos(theta));
        double lambda2 = lambda1 + Math.atan2(Math.sin(theta) * Math.sin(delta) * Math.cos(phi1),
                Math.cos(delta) - Math.sin(phi1) * Math.sin(phi2));
        return new Point(Math.toDegrees(phi2), Math.toDegrees(lambda2));
    }

    /** A random point away from the poles and the antimeridian. */
    public static Point randomPoint() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new Point(random.nextDouble(-60, 60), random.nextDouble(-170, 170));
    }
}
