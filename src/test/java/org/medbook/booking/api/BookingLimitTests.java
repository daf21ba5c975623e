package org.medbook.booking.api;

import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One patient cannot empty a doctor's calendar, with cash or otherwise: at most 2 active future
 * bookings with one doctor and 10 in all (the defaults), however many requests arrive at once.
 */
class BookingLimitTests extends BookingTestSupport {

    private static final String TOO_MANY_WITH_DOCTOR = "too-many-bookings-with-doctor";
    private static final String TOO_MANY_ACTIVE = "too-many-active-bookings";

    @Test
    void aPatientMayHoldTwoUpcomingBookingsWithOneDoctorWhateverTheyPayWith() throws SQLException {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        LocalDate day = berlinDay(2);
        String first = booked(ann, doctor.id(), at(day, 8, 0), "IN_PERSON", "CASH");
        booked(ann, doctor.id(), at(day, 8, 30), "IN_PERSON", "CASH");

        Api.Response third = book(ann, doctor.id(), at(day, 9, 0), "IN_PERSON", "CASH");

        assertThat(third.status()).as(third.toString()).isEqualTo(422);
        assertThat(third.problem()).isEqualTo(TOO_MANY_WITH_DOCTOR);
        assertThat(third.text("detail")).contains("2 upcoming bookings with this doctor");
        assertThat(third.body().path("limit").asInt()).isEqualTo(2);
        assertThat(activeAt(doctor.id(), instant(at(day, 9, 0)))).isZero();

        nextStripeIntent();
        Api.Response online = book(ann, doctor.id(), at(day, 15, 0), "VIDEO", "STRIPE");
        assertThat(online.status()).as(online.toString()).isEqualTo(422);
        assertThat(online.problem()).isEqualTo(TOO_MANY_WITH_DOCTOR);
        PROVIDERS.verify(0, postRequestedFor(urlEqualTo("/v1/payment_intents")));

        // The slot stays free for others, and another doctor is no problem.
        Patient bob = newPatient("bob");
        booked(bob, doctor.id(), at(day, 9, 0), "IN_PERSON", "CASH");
        NewDoctor other = bookableDoctor();
        booked(ann, other.id(), at(day, 9, 0), "IN_PERSON", "CASH");

        // A cancelled booking no longer counts.
        assertThat(cancel(ann.token, first, "plans changed").status()).isEqualTo(200);
        Api.Response afterCancelling = book(ann, doctor.id(), at(day, 9, 30), "IN_PERSON", "CASH");
        assertThat(afterCancelling.status()).as(afterCancelling.toString()).isEqualTo(201);
    }

    @Test
    void aBookingThatHasTakenPlaceNoLongerCounts() {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        String tomorrow = at(berlinDay(1), 8, 0);
        LocalDate later = berlinDay(3);
        booked(ann, doctor.id(), tomorrow, "IN_PERSON", "CASH");
        booked(ann, doctor.id(), at(later, 8, 0), "IN_PERSON", "CASH");
        assertThat(book(ann, doctor.id(), at(later, 8, 30), "IN_PERSON", "CASH").problem()).isEqualTo(TOO_MANY_WITH_DOCTOR);

        advanceTo(instant(tomorrow).plus(Duration.ofMinutes(45)));
        ann.signIn();

        Api.Response next = book(ann, doctor.id(), at(later, 8, 30), "IN_PERSON", "CASH");
        assertThat(next.status()).as(next.toString()).isEqualTo(201);
    }

    @Test
    void rebookingIsNotBlockedByTheBookingItReplacesNorReschedulingByTheBookingItMoves() {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        LocalDate day = berlinDay(2);
        String first = booked(ann, doctor.id(), at(day, 8, 0), "IN_PERSON", "CASH");
        String second = booked(ann, doctor.id(), at(day, 8, 30), "IN_PERSON", "CASH");

        Api.Response moved = reschedule(ann.token, second, at(day, 11, 0));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);

        Api.Response rebooked = rebook(ann, first, at(day, 10, 0));
        assertThat(rebooked.status()).as(rebooked.toString()).isEqualTo(201);
        assertThat(rebooked.text("rebookedFrom")).isEqualTo(first);

        // The first booking has been replaced once; it does not make room for a second replacement.
        Api.Response again = rebook(ann, first, at(day, 10, 30));
        assertThat(again.status()).as(again.toString()).isEqualTo(422);
        assertThat(again.problem()).isEqualTo(TOO_MANY_WITH_DOCTOR);
        Api.Response fresh = book(ann, doctor.id(), at(day, 12, 0), "IN_PERSON", "CASH");
        assertThat(fresh.problem()).isEqualTo(TOO_MANY_WITH_DOCTOR);
    }

    @Test
    void manyParallelBookingsWithOneDoctorEndWithExactlyTheLimit() throws Exception {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        LocalDate day = berlinDay(2);
        List<String> slots = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            slots.add(at(day, 8 + i / 2, (i % 2) * 30));
        }

        List<Api.Response> responses = inParallel(slots.stream().map(slot -> (Booking) () ->
                book(ann, doctor.id(), slot, "IN_PERSON", "CASH")).toList());

        assertThat(responses.stream().filter(r -> r.status() == 201)).as(responses.toString()).hasSize(2);
        assertThat(responses.stream().filter(r -> r.status() != 201)).hasSize(8).allSatisfy(refused -> {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
            assertThat(refused.problem()).isEqualTo(TOO_MANY_WITH_DOCTOR);
        });
        assertThat(activeOf(ann)).isEqualTo(2);
    }

    @Test
    void manyParallelBookingsWithManyDoctorsEndWithExactlyTheOverallLimit() throws Exception {
        List<NewDoctor> doctors = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            doctors.add(bookableDoctor());
        }
        Patient ann = newPatient("ann");
        List<Booking> attempts = new ArrayList<>();
        for (int d = 0; d < doctors.size(); d++) {
            for (int n = 0; n < 3; n++) {
                String doctorId = doctors.get(d).id();
                String slot = at(berlinDay(2 + n), 6 + d, 0);
                attempts.add(() -> book(ann, doctorId, slot, "IN_PERSON", "CASH"));
            }
        }

        List<Api.Response> responses = inParallel(attempts);

        List<Api.Response> booked = responses.stream().filter(r -> r.status() == 201).toList();
        assertThat(booked).as(responses.toString()).hasSize(10);
        assertThat(responses.stream().filter(r -> r.status() != 201)).hasSize(8).allSatisfy(refused -> {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
            assertThat(refused.problem()).isIn(TOO_MANY_WITH_DOCTOR, TOO_MANY_ACTIVE);
        });
        Map<String, Long> perDoctor = new HashMap<>();
        booked.forEach(b -> perDoctor.merge(b.text("doctorId"), 1L, Long::sum));
        assertThat(perDoctor.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2));
        assertThat(activeOf(ann)).isEqualTo(10);

        // Six doctors, two each, ten taken: one doctor has room, but the patient has none.
        NewDoctor withRoom = doctors.stream().filter(d -> perDoctor.getOrDefault(d.id(), 0L) < 2).findFirst().orElseThrow();
        Api.Response eleventh = book(ann, withRoom.id(), at(berlinDay(5), 9, 0), "IN_PERSON", "CASH");
        assertThat(eleventh.status()).as(eleventh.toString()).isEqualTo(422);
        assertThat(eleventh.problem()).isEqualTo(TOO_MANY_ACTIVE);
        assertThat(eleventh.body().path("limit").asInt()).isEqualTo(10);
        assertThat(eleventh.text("detail")).contains("10 upcoming bookings");

        assertThat(cancel(ann.token, booked.get(0).text("id"), null).status()).isEqualTo(200);
        Api.Response afterCancelling = book(ann, withRoom.id(), at(berlinDay(5), 9, 0), "IN_PERSON", "CASH");
        assertThat(afterCancelling.status()).as(afterCancelling.toString()).isEqualTo(201);
    }

    private interface Booking {
        Api.Response attempt();
    }

    /** Runs the attempts from as many threads, released together. */
    private static List<Api.Response> inParallel(List<Booking> attempts) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(attempts.size());
        try {
            List<Future<Api.Response>> answers = new ArrayList<>();
            for (Booking attempt : attempts) {
                answers.add(threads.submit(() -> {
                    go.await();
                    return attempt.attempt();
                }));
            }
            go.countDown();
            List<Api.Response> responses = new ArrayList<>();
            for (Future<Api.Response> answer : answers) {
                responses.add(answer.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            threads.shutdownNow();
        }
    }

    private Api.Response rebook(Patient patient, String bookingId, String start) {
        return api.send("POST", BOOKINGS + "/" + bookingId + "/rebook", body("start", start, "paymentMethod", "CASH"),
                patient.token, Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    }

    private long activeOf(Patient patient) throws SQLException {
        return count("SELECT count(*) FROM appointments WHERE patient_id = ?"
                + " AND status IN ('PENDING_PAYMENT', 'PENDING_APPROVAL', 'CONFIRMED')", UUID.fromString(patient.id()));
    }
}
