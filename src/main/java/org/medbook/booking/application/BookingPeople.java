package org.medbook.booking.application;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.medbook.doctors.DoctorCards;
import org.medbook.identity.UserProfiles;
import org.springframework.stereotype.Component;

/**
 * Names the people of a page of bookings for its reader. Each module that owns them is asked one
 * question for the whole page through its facade (identity for patients, doctors for doctors and
 * their practices), so a page costs the same few statements whatever its size, and a name is always
 * the current one: a renamed doctor or an erased patient shows as such at once, with no copy to keep.
 */
@Component
class BookingPeople {

    /** Who reads the page, which decides what it shows of whom. */
    enum Reader {
        /** The back office: both names. */
        STAFF,
        /** The doctor: the patient's name, age and phone. */
        DOCTOR,
        /** The patient: the doctor's name and the practice of the visit. */
        PATIENT
    }

    private final UserProfiles profiles;
    private final DoctorCards doctors;
    private final Clock clock;

    BookingPeople(UserProfiles profiles, DoctorCards doctors, Clock clock) {
        this.profiles = profiles;
        this.doctors = doctors;
        this.clock = clock;
    }

    List<BookingView> name(List<BookingView> bookings, Reader reader) {
        if (bookings.isEmpty()) {
            return bookings;
        }
        Map<UUID, UserProfiles.Profile> patients = reader == Reader.PATIENT ? Map.of()
                : profiles.profilesOf(ids(bookings, BookingView::patientId));
        Map<UUID, DoctorCards.Card> cards = reader == Reader.DOCTOR ? Map.of()
                : doctors.cardsOf(ids(bookings, BookingView::doctorId));
        Instant now = clock.instant();
        return bookings.stream().map(b -> b.naming(patient(patients.get(b.patientId()), reader, b.zone(), now),
                doctor(cards.get(b.doctorId()), reader, b.locationId()))).toList();
    }

    private static BookingView.Patient patient(UserProfiles.Profile profile, Reader reader, String zone, Instant now) {
        if (profile == null || reader == Reader.PATIENT) {
            return null;
        }
        if (reader == Reader.STAFF) {
            return new BookingView.Patient(profile.name(), null, null);
        }
        Integer age = profile.dateOfBirth() == null ? null
                : Period.between(profile.dateOfBirth(), LocalDate.ofInstant(now, ZoneId.of(zone))).getYears();
        return new BookingView.Patient(profile.name(), age, profile.phone());
    }

    private static BookingView.Doctor doctor(DoctorCards.Card card, Reader reader, UUID locationId) {
        if (card == null || reader == Reader.DOCTOR) {
            return null;
        }
        DoctorCards.Practice practice = reader == Reader.PATIENT && locationId != null
                ? card.practices().get(locationId) : null;
        return new BookingView.Doctor(card.name(), practice == null ? null : practice.name(),
                practice == null ? null : practice.address());
    }

    private static Set<UUID> ids(List<BookingView> bookings, java.util.function.Function<BookingView, UUID> id) {
        return bookings.stream().map(id).collect(Collectors.toSet());
    }
}
