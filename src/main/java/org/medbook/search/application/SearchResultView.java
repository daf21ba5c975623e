package org.medbook.search.application;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.medbook.shared.Money;

/** One doctor in search results. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchResultView(UUID id, String name, List<String> specialties, List<String> languages,
                               List<String> consultationTypes, Double distanceKm, Double rating, int reviewCount,
                               Map<String, Money> fees, OffsetDateTime nextAvailable) {
}
