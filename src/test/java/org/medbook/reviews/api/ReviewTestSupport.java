package org.medbook.reviews.api;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.medbook.notifications.api.NotificationTestSupport;
import org.medbook.support.Api;

import static org.assertj.core.api.Assertions.assertThat;

/** Completed visits to review, doctors with a searchable name, and the review calls. */
abstract class ReviewTestSupport extends NotificationTestSupport {

    /** A bookable doctor whose name holds a word no other doctor has, so a search by it finds only them. */
    protected record NamedDoctor(String id, String email, String password, String word) {
    }

    protected NamedDoctor namedDoctor(String tag) {
        StringBuilder word = new StringBuilder(tag);
        for (int i = 0; i < 8; i++) {
            word.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        NewDoctor created = createDoctor(Map.of("name", "Dr. " + word + " Reviewed"));
        String token = doctorToken(created);
        Api.Response schedule = api.put("/api/v1/doctor/availability",
                Map.of("weeklyRules", everyDayRules(created.locationId()), "minimumNoticeMinutes", 0, "horizonDays", 90),
                token);
        assertThat(schedule.status()).as(schedule.toString()).isEqualTo(200);
        verifyDoctor(created.id());
        return new NamedDoctor(created.id(), created.email(), "Doctor passphrase " + created.email(), word.toString());
    }

    /** A patient with a name (first and last), signed in. */
    protected Patient namedPatient(String first, String last) {
        Patient patient = newPatient(first.toLowerCase());
        Api.Response named = api.patch("/api/v1/me", Map.of("name", first + " " + last), patient.token);
        assertThat(named.status()).as(named.toString()).isEqualTo(200);
        return patient;
    }

    /**
     * Books each patient an in-person visit with the doctor (cash) on the day after tomorrow, one after
     * the other from 07:00, moves the clock past them and has the doctor complete them; returns the
     * booking ids in the patients' order. Tokens are renewed after the clock moved.
     */
    protected List<String> completedVisits(NewDoctor doctor, List<Patient> patients) {
        return completedVisits(doctor.id(), () -> doctorLogin(doctor), patients);
    }

    protected List<String> completedVisits(NamedDoctor doctor, List<Patient> patients) {
        return completedVisits(doctor.id(), () -> staffLogin(doctor.email(), doctor.password()), patients);
    }

    private List<String> completedVisits(String doctorId, java.util.function.Supplier<String> signIn,
            List<Patient> patients) {
        LocalDate day = berlinDay(2);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < patients.size(); i++) {
            ids.add(booked(patients.get(i), doctorId, at(day, 7 + i / 2, (i % 2) * 30), "IN_PERSON", "CASH"));
        }
        advanceTo(instant(at(day, 7 + patients.size() / 2, 45)));
        String doctorToken = signIn.get();
        for (String id : ids) {
            Api.Response completed = doctorAction(doctorToken, id, "complete");
            assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
        }
        patients.forEach(Patient::signIn);
        return ids;
    }

    protected Api.Response review(String token, String bookingId, int rating, String text) {
        return api.post(BOOKINGS + "/" + bookingId + "/review", body("rating", rating, "text", text), token);
    }

    protected String reviewed(String token, String bookingId, int rating, String text) {
        Api.Response response = review(token, bookingId, rating, text);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.text("id");
    }

    protected Api.Response profile(String doctorId) {
        Api.Response profile = api.get("/api/v1/doctors/" + doctorId, null);
        assertThat(profile.status()).as(profile.toString()).isEqualTo(200);
        return profile;
    }

    protected Api.Response search(String query) {
        Api.Response found = api.get("/api/v1/doctors?" + query, null);
        assertThat(found.status()).as(found.toString()).isEqualTo(200);
        return found;
    }
}
