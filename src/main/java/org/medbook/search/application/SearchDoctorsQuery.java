package org.medbook.search.application;

import java.time.OffsetDateTime;

/** The raw search parameters as a client sends them; {@link SearchDoctorsHandler} validates them. */
public record SearchDoctorsQuery(String specialty, String q, String language, String type, Double lat, Double lng,
                                 Double radiusKm, String near, OffsetDateTime availableFrom, OffsetDateTime availableTo,
                                 Double minRating, String sort, Integer page, Integer size) {
}
