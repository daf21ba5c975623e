package org.medbook.doctors.application;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.medbook.doctors.ConsultationType;
import org.medbook.doctors.DoctorRatings;
import org.medbook.doctors.domain.Doctor;
import org.medbook.doctors.domain.Location;
import org.medbook.shared.Money;

/**
 * A doctor as the back office and the doctor see it. {@link #publicView()} drops what the public
 * must not see (contact details, licence, verification notes).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DoctorView(UUID id, String name, String email, String phone, String timeZone, String bio,
                         String licenceNumber, List<String> specialties, List<String> languages,
                         List<ConsultationType> consultationTypes, Map<ConsultationType, Money> fees,
                         List<LocationView> locations, String status, String rejectionReason, Boolean suspended,
                         BigDecimal rating, Integer reviewCount) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LocationView(UUID id, String name, String address, Double latitude, Double longitude,
                               String geocodeStatus, String geocodeError) {

        static LocationView of(Location location) {
            return new LocationView(location.id(), location.name(), location.address(), location.latitude(),
                    location.longitude(), location.geocodeStatus().name(), location.geocodeError());
        }
    }

    public static DoctorView of(Doctor doctor) {
        return new DoctorView(doctor.id(), doctor.name(), doctor.email(), doctor.phone().orElse(null),
                doctor.zone().getId(), doctor.bio().orElse(null), doctor.licenceNumber(),
                doctor.specialties().stream().sorted().toList(), doctor.languages(),
                doctor.consultationTypes().stream().sorted().toList(), doctor.fees(),
                doctor.locations().stream().map(LocationView::of).toList(), doctor.verification().name(),
                doctor.rejectionReason().orElse(null), doctor.suspended(), null, null);
    }

    /** What the public sees, with the rating and review count that search shows too. */
    public DoctorView publicView(DoctorRatings.Rating rating) {
        List<LocationView> located = locations.stream()
                .map(l -> new LocationView(l.id(), l.name(), l.address(), l.latitude(), l.longitude(), null, null))
                .toList();
        return new DoctorView(id, name, null, null, timeZone, bio, null, specialties, languages, consultationTypes,
                fees, located, null, null, null, rating.average(), rating.count());
    }
}
