package org.medbook.search.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.medbook.doctors.ConsultationType;
import org.medbook.doctors.DoctorCatalog;
import org.medbook.doctors.Places;
import org.medbook.shared.GeoPoint;
import org.medbook.shared.MedbookException;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.medbook.shared.ProblemKind;
import org.springframework.stereotype.Component;

/** Validates a doctor search (every bad parameter is named) and runs it against the read model. */
@Component
public class SearchDoctorsHandler {

    static final double DEFAULT_RADIUS_KM = 25;
    static final double MAX_RADIUS_KM = 500;
    static final Duration MAX_AVAILABILITY_WINDOW = Duration.ofDays(31);

    private final SearchIndex index;
    private final DoctorCatalog catalog;
    private final Places places;
    private final SearchProperties properties;
    private final Clock clock;

    SearchDoctorsHandler(SearchIndex index, DoctorCatalog catalog, Places places, SearchProperties properties,
            Clock clock) {
        this.properties = properties;
        this.index = index;
        this.catalog = catalog;
        this.places = places;
        this.clock = clock;
    }

    /**
     * Not transactional on purpose: {@code near} may call the Maps provider, whose answer is then
     * cached (a write, which a read-only transaction refuses), and no connection should be held
     * while waiting for it. The search itself is one statement.
     */
    public PageView<SearchResultView> handle(SearchDoctorsQuery query) {
        List<Map<String, String>> errors = new ArrayList<>();
        String specialty = blankToNull(query.specialty());
        if (specialty != null && !specialtyCodes().contains(specialty)) {
            errors.add(error("specialty", "is not a known specialty (see GET /api/v1/specialties)"));
        }
        String language = blankToNull(query.language());
        if (language != null && !language.matches("[a-z]{2,3}")) {
            errors.add(error("language", "must be an ISO 639 code such as en"));
        }
        ConsultationType type = null;
        if (blankToNull(query.type()) != null) {
            try {
                type = ConsultationType.valueOf(query.type().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(error("type", "must be IN_PERSON or VIDEO"));
            }
        }
        String text = blankToNull(query.q()) == null ? null : TextNormalizer.normalise(query.q());
        if (text != null && text.length() > 100) {
            errors.add(error("q", "must be at most 100 characters"));
        }
        GeoPoint point = point(query, errors);
        Double radius = query.radiusKm();
        if (radius != null && point == null && blankToNull(query.near()) == null) {
            errors.add(error("radiusKm", "needs a point: lat and lng, or near"));
        }
        if (radius != null && (radius <= 0 || radius > MAX_RADIUS_KM || radius.isNaN())) {
            errors.add(error("radiusKm", "must be greater than 0 and at most " + (int) MAX_RADIUS_KM));
        }
        Instant from = query.availableFrom() == null ? null : query.availableFrom().toInstant();
        Instant to = query.availableTo() == null ? null : query.availableTo().toInstant();
        if (from != null || to != null) {
            Instant start = from == null ? clock.instant() : from;
            Instant end = to == null ? start.plus(Duration.ofDays(7)) : to;
            if (!end.isAfter(start)) {
                errors.add(error("availableTo", "must be after availableFrom"));
            } else if (Duration.between(start, end).compareTo(MAX_AVAILABILITY_WINDOW) > 0) {
                errors.add(error("availableTo", "the window is at most 31 days"));
            }
            from = start;
            to = end;
        }
        Double minRating = query.minRating();
        if (minRating != null && (minRating.isNaN() || minRating < 1 || minRating > 5)) {
            errors.add(error("minRating", "must be between 1 and 5"));
        }
        DoctorSearch.Sort sort = null;
        if (blankToNull(query.sort()) != null) {
            try {
                sort = DoctorSearch.Sort.valueOf(query.sort().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(error("sort", "must be one of distance, rating, fee, soonest"));
            }
        }
        int page = query.page() == null ? 0 : query.page();
        int size = query.size() == null ? 20 : query.size();
        if (page < 0) {
            errors.add(error("page", "must be 0 or more"));
        }
        if (size < 1 || size > PageRequest.MAX_SIZE) {
            errors.add(error("size", "must be between 1 and " + PageRequest.MAX_SIZE));
        }
        if (!errors.isEmpty()) {
            throw new MedbookException(ProblemKind.BAD_INPUT, "invalid-parameter",
                    "Invalid search parameters: " + String.join(", ", errors.stream().map(e -> e.get("field")).toList()),
                    Map.of("errors", errors), null);
        }
        if (point == null && blankToNull(query.near()) != null) {
            point = places.locate(query.near().strip()).orElseThrow(() -> new MedbookException(ProblemKind.BAD_INPUT,
                    "place-not-found", "No place called '" + query.near().strip() + "' was found",
                    Map.of("errors", List.of(error("near", "no such place"))), null));
        }
        if (sort == DoctorSearch.Sort.DISTANCE && point == null) {
            throw new MedbookException(ProblemKind.BAD_INPUT, "invalid-parameter", "Sorting by distance needs a point",
                    Map.of("errors", List.of(error("sort", "distance needs lat and lng, or near"))), null);
        }
        if (sort == null) {
            sort = point != null ? DoctorSearch.Sort.DISTANCE : DoctorSearch.Sort.RATING;
        }
        Double effectiveRadius = point == null ? null : radius == null ? DEFAULT_RADIUS_KM : radius;
        return index.search(new DoctorSearch(specialty, text, language, type, point, effectiveRadius, from, to, minRating, sort,
                properties.minReviewsForRating(), new PageRequest(page, size)), clock.instant());
    }

    /**
     * The managed specialty list changes a few times a year; checking a search parameter against a
     * copy at most a minute old saves a query on every search.
     */
    private java.util.Set<String> specialtyCodes() {
        Instant now = clock.instant();
        CachedCodes cached = codes;
        if (cached == null || now.isAfter(cached.fetchedAt().plusSeconds(60))) {
            cached = new CachedCodes(catalog.specialtyCodes(), now);
            codes = cached;
        }
        return cached.codes();
    }

    private record CachedCodes(java.util.Set<String> codes, Instant fetchedAt) {
    }

    private volatile CachedCodes codes;

    private static GeoPoint point(SearchDoctorsQuery query, List<Map<String, String>> errors) {
        if (query.lat() == null && query.lng() == null) {
            return null;
        }
        if (query.lat() == null || query.lng() == null) {
            errors.add(error(query.lat() == null ? "lat" : "lng", "lat and lng are given together"));
            return null;
        }
        boolean ok = true;
        if (query.lat().isNaN() || query.lat() < -90 || query.lat() > 90) {
            errors.add(error("lat", "must be between -90 and 90"));
            ok = false;
        }
        if (query.lng().isNaN() || query.lng() < -180 || query.lng() > 180) {
            errors.add(error("lng", "must be between -180 and 180"));
            ok = false;
        }
        return ok ? new GeoPoint(query.lat(), query.lng()) : null;
    }

    private static Map<String, String> error(String field, String message) {
        return Map.of("field", field, "message", message);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
