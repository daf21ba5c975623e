package org.medbook.search.api;

import java.time.OffsetDateTime;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.search.application.SearchDoctorsHandler;
import org.medbook.search.application.SearchDoctorsQuery;
import org.medbook.search.application.SearchResultView;
import org.medbook.shared.PageView;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Doctors")
class DoctorSearchController {

    private final SearchDoctorsHandler search;

    DoctorSearchController(SearchDoctorsHandler search) {
        this.search = search;
    }

    @Operation(summary = "Find verified doctors by specialty, name, language, type, distance and availability",
            description = "q matches name and specialty regardless of case and accents; near is geocoded; "
                    + "radiusKm defaults to 25 when a point is given; sort is distance|rating|fee|soonest; rating ranks doctors with at least "
                    + "medbook.search.min-reviews-for-rating reviews (default 3) first; minRating keeps doctors rated at least that.")
    @GetMapping("/api/v1/doctors")
    PageView<SearchResultView> search(@RequestParam(required = false) String specialty,
            @RequestParam(required = false) String q, @RequestParam(required = false) String language,
            @RequestParam(required = false) String type, @RequestParam(required = false) Double lat,
            @RequestParam(required = false) Double lng, @RequestParam(required = false) Double radiusKm,
            @RequestParam(required = false) String near, @RequestParam(required = false) OffsetDateTime availableFrom,
            @RequestParam(required = false) OffsetDateTime availableTo, @RequestParam(required = false) Double minRating, @RequestParam(required = false) String sort,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return search.handle(new SearchDoctorsQuery(specialty, q, language, type, lat, lng, radiusKm, near, availableFrom,
                availableTo, minRating, sort, page, size));
    }
}
