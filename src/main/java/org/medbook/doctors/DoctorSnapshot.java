package org.medbook.doctors;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.medbook.shared.Money;

/** What other modules may know about a doctor. */
public record DoctorSnapshot(UUID id, String name, ZoneId zone, Set<String> specialties, List<String> specialtyNames,
                             List<String> languages,
                             Set<ConsultationType> consultationTypes, Map<ConsultationType, Money> fees,
                             List<Location> locations, boolean bookable, int minimumNoticeMinutes, int horizonDays) {

    public record Location(UUID id, String name, String address, Double latitude, Double longitude) {
    }
}
