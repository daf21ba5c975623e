package org.medbook.search.application;

import java.time.Instant;

import org.medbook.doctors.ConsultationType;
import org.medbook.shared.GeoPoint;
import org.medbook.shared.PageRequest;

/**
 * A validated search. {@code text} is already normalised (lower case, no accents); {@code point}
 * and {@code radiusKm} come together. Sorting by rating ranks doctors with at least
 * {@code minReviewsForRating} reviews first, so one 5-star review does not outrank fifty 4.8s.
 */
public record DoctorSearch(String specialty, String text, String language, ConsultationType type, GeoPoint point,
                           Double radiusKm, Instant availableFrom, Instant availableTo, Double minRating, Sort sort,
                           int minReviewsForRating, PageRequest page) {

    public enum Sort { DISTANCE, RATING, FEE, SOONEST }
}
