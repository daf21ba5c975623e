package org.medbook.booking.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
import org.medbook.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** No slot is ever sold twice: the database's exclusion constraints decide, whatever the timing. */
class DoubleBookingTests extends BookingTestSupport {

    @Test
    void fiftyPatientsRacingForOneSlotGetExactlyOneBooking() throws Exception {
        NewDoctor doctor = bookableDoctor();
        String slot = at(berlinDay(2), 9, 0);
        List<Patient> patients = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            patients.add(newPatient("racer" + i));
        }

        CountDownLatch ready = new CountDownLatch(patients.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Api.Response>> answers = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(patients.size());
        try {
            for (Patient patient : patients) {
                answers.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return book(patient, doctor.id(), slot, "IN_PERSON", "CASH");
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<Api.Response> responses = new ArrayList<>();
            for (Future<Api.Response> answer : answers) {
                responses.add(answer.get(60, TimeUnit.SECONDS));
            }

            List<Api.Response> won = responses.stream().filter(r -> r.status() == 201).toList();
            List<Api.Response> lost = responses.stream().filter(r -> r.status() != 201).toList();
            assertThat(won).as("successful bookings").hasSize(1);
            assertThat(lost).as("refusals").hasSize(49).allSatisfy(refused -> {
                assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
                assertThat(refused.problem()).as(refused.toString()).isEqualTo("slot-unavailable");
            });
            assertThat(won.get(0).text("status")).isEqualTo("CONFIRMED");

            assertThat(activeAt(doctor.id(), instant(slot))).isEqualTo(1);
            assertThat(appointmentsOf("doctor_id", doctor.id())).as("the losers left no row").isEqualTo(1);
            assertThat(count("SELECT count(*) FROM appointments WHERE id = ?", UUID.fromString(won.get(0).text("id"))))
                    .isEqualTo(1);
            assertThat(freeStarts(doctor.id(), "IN_PERSON", 3)).doesNotContain(instant(slot));
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aSlotPartlyOverlappingABookingIsRefusedWhenTheScheduleStartsOffering() throws SQLException {
        NewDoctor doctor = bookableDoctor();
        LocalDate day = berlinDay(2);
        Patient ann = newPatient("ann");
        Patient bob = newPatient("bob");
        String ten = booked(ann, doctor.id(), at(day, 10, 0), "IN_PERSON", "CASH");

        // The doctor now works 10:15-12:15 that day, in 30-minute slots: 10:15 overlaps the 10:00-10:30 booking.
        Map<String, Object> override = body("date", day.toString(), "start", "10:15", "end", "12:15", "slotMinutes", 30,
                "bufferMinutes", 0, "type", "IN_PERSON", "locationId", doctor.locationId());
        Api.Response changed = api.put("/api/v1/doctor/availability", Map.of("weeklyRules", everyDayRules(doctor.locationId()),
                "overrides", List.of(override), "minimumNoticeMinutes", 0, "horizonDays", 90), doctorLogin(doctor));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        List<Instant> free = freeStarts(doctor.id(), "IN_PERSON", 4);
        assertThat(free).contains(instant(at(day, 10, 45))).doesNotContain(instant(at(day, 10, 15)));

        Api.Response overlapping = book(bob, doctor.id(), at(day, 10, 15), "IN_PERSON", "CASH");
        assertThat(overlapping.status()).as(overlapping.toString()).isEqualTo(409);
        assertThat(overlapping.problem()).isEqualTo("slot-unavailable");
        assertThat(activeAt(doctor.id(), instant(at(day, 10, 15)))).isZero();
        assertThat(appointmentsOf("doctor_id", doctor.id())).isEqualTo(1);

        Api.Response after = book(bob, doctor.id(), at(day, 10, 45), "IN_PERSON", "CASH");
        assertThat(after.status()).as(after.toString()).isEqualTo(201);
        assertThat(instantOf(after, "start")).isEqualTo(instant(at(day, 10, 45)));

        // The 10:15 slot is a real offer: once the 10:00 booking is gone it can be booked.
        assertThat(cancel(ann.token, ten, "cannot come").status()).isEqualTo(200);
        Api.Response retried = book(bob, doctor.id(), at(day, 10, 15), "IN_PERSON", "CASH");
        assertThat(retried.status()).as(retried.toString()).isEqualTo(201);
        assertThat(activeAt(doctor.id(), instant(at(day, 10, 0)))).isZero();
        assertThat(activeAt(doctor.id(), instant(at(day, 10, 15)))).isEqualTo(1);
    }

    @Test
    void theExclusionConstraintsRefuseOverlappingActiveRowsWhoeverWritesThem() throws SQLException {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        LocalDate day = berlinDay(2);
        String id = booked(ann, doctor.id(), at(day, 11, 0), "IN_PERSON", "CASH");
        String patientId = bookingOk(ann.token, id).text("patientId");
        Instant start = instant(at(day, 11, 0));

        UUID doctorId = UUID.fromString(doctor.id());
        UUID stranger = UUID.randomUUID();
        // Another patient, 11:15-11:45 with the same doctor.
        assertThatThrownBy(() -> insert(doctorId, stranger, start.plus(Duration.ofMinutes(15)), "CONFIRMED"))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("23P01");
                    assertThat(e.getMessage()).contains("appointments_doctor_no_overlap");
                });
        assertThatThrownBy(() -> insert(doctorId, stranger, start.minus(Duration.ofMinutes(29)), "PENDING_PAYMENT"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23P01"));
        // The same patient with another doctor, at the same time.
        assertThatThrownBy(() -> insert(UUID.randomUUID(), UUID.fromString(patientId), start, "PENDING_APPROVAL"))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("23P01");
                    assertThat(e.getMessage()).contains("appointments_patient_no_overlap");
                });

        // Rows that hold no time do not conflict, nor does a row that merely touches the booking.
        insert(doctorId, stranger, start.plus(Duration.ofMinutes(15)), "CANCELLED");
        insert(doctorId, UUID.randomUUID(), start, "EXPIRED");
        insert(doctorId, UUID.randomUUID(), start.plus(Duration.ofMinutes(30)), "CONFIRMED");
        assertThat(activeAt(doctor.id(), start)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM appointments WHERE doctor_id = ?", doctorId)).isEqualTo(4);
    }

    @Test
    void backToBackSlotsCanBothBeBooked() throws SQLException {
        NewDoctor doctor = bookableDoctor();
        LocalDate day = berlinDay(3);
        Patient ann = newPatient("ann");
        Patient bob = newPatient("bob");

        Api.Response first = book(ann, doctor.id(), at(day, 8, 0), "IN_PERSON", "CASH");
        Api.Response second = book(bob, doctor.id(), at(day, 8, 30), "IN_PERSON", "CASH");
        Api.Response third = book(ann, doctor.id(), at(day, 9, 0), "IN_PERSON", "CASH");

        for (Api.Response response : List.of(first, second, third)) {
            assertThat(response.status()).as(response.toString()).isEqualTo(201);
        }
        assertThat(instantOf(first, "end")).isEqualTo(instantOf(second, "start"));
        assertThat(instantOf(second, "end")).isEqualTo(instantOf(third, "start"));
        assertThat(count("SELECT count(*) FROM appointments WHERE doctor_id = ? AND status = 'CONFIRMED'",
                UUID.fromString(doctor.id()))).isEqualTo(3);
    }

    @Test
    void aCancelledSlotCanBeBookedAgain() throws SQLException {
        NewDoctor doctor = bookableDoctor();
        String slot = at(berlinDay(2), 12, 30);
        Patient ann = newPatient("ann");
        Patient bob = newPatient("bob");
        String first = booked(ann, doctor.id(), slot, "IN_PERSON", "CASH");
        assertThat(book(bob, doctor.id(), slot, "IN_PERSON", "CASH").status()).isEqualTo(409);

        Api.Response cancelled = cancel(ann.token, first, "plans changed");
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.text("status")).isEqualTo("CANCELLED");
        assertThat(freeStarts(doctor.id(), "IN_PERSON", 4)).contains(instant(slot));

        Api.Response again = book(bob, doctor.id(), slot, "IN_PERSON", "CASH");
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(again.text("id")).isNotEqualTo(first);
        assertThat(activeAt(doctor.id(), instant(slot))).isEqualTo(1);
        assertThat(bookingOk(ann.token, first).text("status")).isEqualTo("CANCELLED");
    }

    @Test
    void onePatientCannotHoldOverlappingAppointmentsWithTwoDoctors() throws SQLException {
        NewDoctor first = bookableDoctor();
        NewDoctor second = bookableDoctor();
        String slot = at(berlinDay(2), 7, 0);
        Patient ann = newPatient("ann");
        Patient bob = newPatient("bob");

        booked(ann, first.id(), slot, "IN_PERSON", "CASH");
        Api.Response overlapping = book(ann, second.id(), slot, "IN_PERSON", "CASH");
        assertThat(overlapping.status()).as(overlapping.toString()).isEqualTo(409);
        assertThat(overlapping.problem()).isEqualTo("overlapping-booking");
        assertThat(appointmentsOf("doctor_id", second.id())).isZero();

        // The second doctor's slot was never taken.
        assertThat(freeStarts(second.id(), "IN_PERSON", 4)).contains(instant(slot));
        assertThat(book(bob, second.id(), slot, "IN_PERSON", "CASH").status()).isEqualTo(201);
    }

    @Test
    void theSameKeyAndBodyReplaysTheFirstAnswerAndBooksOnce() throws SQLException {
        NewDoctor doctor = bookableDoctor();
        String slot = at(berlinDay(2), 13, 0);
        Patient ann = newPatient("ann");
        String key = UUID.randomUUID().toString();

        Api.Response first = book(ann.token, doctor.id(), slot, "IN_PERSON", "CASH", key);
        Api.Response repeat = book(ann.token, doctor.id(), slot, "IN_PERSON", "CASH", key);

        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(repeat.status()).as(repeat.toString()).isEqualTo(201);
        assertThat(repeat.text("id")).isEqualTo(first.text("id"));
        assertThat(repeat.body()).isEqualTo(first.body());
        assertThat(repeat.header("Location")).isEqualTo(first.header("Location")).endsWith("/api/v1/bookings/" + first.text("id"));
        assertThat(appointmentsOf("doctor_id", doctor.id())).isEqualTo(1);

        // Keys belong to their caller: another patient with the same key is a request of its own.
        Patient bob = newPatient("bob");
        Api.Response bobs = book(bob.token, doctor.id(), at(berlinDay(2), 13, 30), "IN_PERSON", "CASH", key);
        assertThat(bobs.status()).as(bobs.toString()).isEqualTo(201);
        assertThat(bobs.text("id")).isNotEqualTo(first.text("id"));
    }

    @Test
    void parallelRetriesWithOneKeyBookOnce() throws Exception {
        NewDoctor doctor = bookableDoctor();
        String slot = at(berlinDay(2), 13, 30);
        Patient ann = newPatient("ann");
        String key = UUID.randomUUID().toString();

        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(10);
        List<Future<Api.Response>> answers = new ArrayList<>();
        List<Api.Response> responses = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                answers.add(threads.submit(() -> {
                    go.await();
                    return book(ann.token, doctor.id(), slot, "IN_PERSON", "CASH", key);
                }));
            }
            go.countDown();
            for (Future<Api.Response> answer : answers) {
                responses.add(answer.get(60, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }

        List<Api.Response> created = responses.stream().filter(r -> r.status() == 201).toList();
        assertThat(created).as(responses.toString()).isNotEmpty();
        assertThat(created.stream().map(r -> r.text("id")).distinct()).hasSize(1);
        assertThat(responses.stream().filter(r -> r.status() != 201)).allSatisfy(busy -> {
            assertThat(busy.status()).as(busy.toString()).isEqualTo(409);
            assertThat(busy.problem()).isEqualTo("request-in-progress");
        });
        assertThat(appointmentsOf("doctor_id", doctor.id())).isEqualTo(1);
        // Once the first answer is stored, every repeat gets it.
        Api.Response later = book(ann.token, doctor.id(), slot, "IN_PERSON", "CASH", key);
        assertThat(later.status()).isEqualTo(201);
        assertThat(later.text("id")).isEqualTo(created.get(0).text("id"));
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() throws SQLException {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        String key = UUID.randomUUID().toString();
        String first = at(berlinDay(2), 8, 0);
        String other = at(berlinDay(2), 8, 30);
        assertThat(book(ann.token, doctor.id(), first, "IN_PERSON", "CASH", key).status()).isEqualTo(201);

        Api.Response reused = book(ann.token, doctor.id(), other, "IN_PERSON", "CASH", key);
        assertThat(reused.status()).as(reused.toString()).isEqualTo(422);
        assertThat(reused.problem()).isEqualTo("idempotency-key-reused");
        assertThat(activeAt(doctor.id(), instant(other))).isZero();
        assertThat(appointmentsOf("doctor_id", doctor.id())).isEqualTo(1);
    }

    @Test
    void aBookingWithoutIdempotencyKeyIsRefused() throws SQLException {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        Map<String, Object> request = body("doctorId", doctor.id(), "start", at(berlinDay(2), 9, 30), "type", "IN_PERSON",
                "paymentMethod", "CASH");

        Api.Response missing = api.send("POST", BOOKINGS, request, ann.token, Map.of());
        assertThat(missing.status()).as(missing.toString()).isEqualTo(400);
        assertThat(missing.problem()).isEqualTo("idempotency-key-required");
        Api.Response blank = api.send("POST", BOOKINGS, request, ann.token, Map.of("Idempotency-Key", " "));
        assertThat(blank.status()).as(blank.toString()).isEqualTo(400);
        assertThat(blank.problem()).isEqualTo("idempotency-key-required");
        assertThat(appointmentsOf("doctor_id", doctor.id())).isZero();
    }

    @Test
    void aRefusedFirstRequestIsReplayedAsTheSameRefusal() throws SQLException {
        NewDoctor doctor = bookableDoctor();
        String slot = at(berlinDay(2), 10, 30);
        Patient ann = newPatient("ann");
        Patient bob = newPatient("bob");
        String anns = booked(ann, doctor.id(), slot, "IN_PERSON", "CASH");
        String key = UUID.randomUUID().toString();

        Api.Response refused = book(bob.token, doctor.id(), slot, "IN_PERSON", "CASH", key);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.problem()).isEqualTo("slot-unavailable");

        // Even once the slot is free again, the key answers what it answered first.
        assertThat(cancel(ann.token, anns, null).status()).isEqualTo(200);
        Api.Response replayed = book(bob.token, doctor.id(), slot, "IN_PERSON", "CASH", key);
        assertThat(replayed.status()).as(replayed.toString()).isEqualTo(409);
        assertThat(replayed.problem()).isEqualTo("slot-unavailable");
        assertThat(replayed.text("detail")).isEqualTo(refused.text("detail"));
        assertThat(activeAt(doctor.id(), instant(slot))).isZero();

        Api.Response fresh = book(bob.token, doctor.id(), slot, "IN_PERSON", "CASH", UUID.randomUUID().toString());
        assertThat(fresh.status()).as(fresh.toString()).isEqualTo(201);
    }

    @Test
    void anOnlineBookingWhoseAnswerWasLostIsAnsweredFromWhatWasCommittedWithoutASecondPayment() throws SQLException {
        NewDoctor doctor = bookableDoctor();
        String slot = at(berlinDay(2), 15, 0);
        Patient ann = newPatient("ann");
        String key = UUID.randomUUID().toString();
        String intent = nextStripeIntent();
        Api.Response first = book(ann.token, doctor.id(), slot, "VIDEO", "STRIPE", key);
        assertThat(first.status()).as(first.toString()).isEqualTo(201);

        // A node killed after the hold committed and before the answer was stored leaves the key without an answer.
        loseTheAnswer(key);
        clock.advance(Duration.ofSeconds(30));

        Api.Response retried = book(ann.token, doctor.id(), slot, "VIDEO", "STRIPE", key);
        assertThat(retried.status()).as(retried.toString()).isEqualTo(201);
        assertThat(retried.text("id")).isEqualTo(first.text("id"));
        assertThat(retried.text("status")).isEqualTo("PENDING_PAYMENT");
        assertThat(retried.body().path("payment").path("clientSecret").asString()).isEqualTo(intent + "_secret");
        assertThat(retried.header("Location")).isEqualTo(first.header("Location"));
        assertThat(appointmentsOf("doctor_id", doctor.id())).isEqualTo(1);
        PROVIDERS.verify(1, com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/v1/payment_intents")));

        Api.Response replayed = book(ann.token, doctor.id(), slot, "VIDEO", "STRIPE", key);
        assertThat(replayed.body()).isEqualTo(retried.body());
    }

    @Test
    void aCashBookingCommitsWithItsAnswerOrNotAtAll() throws SQLException {
        NewDoctor doctor = bookableDoctor();
        String slot = at(berlinDay(2), 11, 30);
        Patient ann = newPatient("ann");
        String key = UUID.randomUUID().toString();
        failStoringTheAnswerOf(key, true);
        try {
            Api.Response failed = book(ann.token, doctor.id(), slot, "IN_PERSON", "CASH", key);
            assertThat(failed.status()).as(failed.toString()).isGreaterThanOrEqualTo(500);
            assertThat(appointmentsOf("doctor_id", doctor.id())).as("the booking went with its answer").isZero();
        } finally {
            failStoringTheAnswerOf(key, false);
        }

        Api.Response retried = book(ann.token, doctor.id(), slot, "IN_PERSON", "CASH", key);
        assertThat(retried.status()).as(retried.toString()).isEqualTo(201);
        assertThat(book(ann.token, doctor.id(), slot, "IN_PERSON", "CASH", key).body()).isEqualTo(retried.body());
        assertThat(appointmentsOf("doctor_id", doctor.id())).isEqualTo(1);
    }

    private static void loseTheAnswer(String key) throws SQLException {
        try (Connection connection = TestDatabase.connect(); PreparedStatement update = connection.prepareStatement(
                "UPDATE idempotency_keys SET response_status = NULL, response_body = NULL WHERE key = ?")) {
            update.setString(1, key);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    /** A trigger that makes storing the answer under this one key fail, as a lost connection at that moment would. */
    private static void failStoringTheAnswerOf(String key, boolean fail) throws SQLException {
        String trigger = "fail_answer_" + key.replace("-", "");
        try (Connection connection = TestDatabase.connect(); var statement = connection.createStatement()) {
            if (fail) {
                statement.execute("CREATE FUNCTION " + trigger + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                        + "IF NEW.key = '" + key + "' AND NEW.response_status IS NOT NULL THEN "
                        + "RAISE EXCEPTION 'connection lost'; END IF; RETURN NEW; END $$");
                statement.execute("CREATE TRIGGER " + trigger + " BEFORE UPDATE ON idempotency_keys FOR EACH ROW "
                        + "EXECUTE FUNCTION " + trigger + "()");
            } else {
                statement.execute("DROP TRIGGER " + trigger + " ON idempotency_keys");
                statement.execute("DROP FUNCTION " + trigger + "()");
            }
        }
    }

    /** A raw row, bypassing the application: 30 minutes from {@code start}. */
    private static void insert(UUID doctorId, UUID patientId, Instant start, String status) throws SQLException {
        try (Connection connection = TestDatabase.connect(); PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO appointments (id, patient_id, doctor_id, status, starts_at, ends_at, type, time_zone,
                                          payment_method, amount_minor, currency, free_cancellation_until,
                                          free_cancellation_notice_s, requires_approval, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, 'VIDEO', 'Europe/Berlin', 'CASH', 4500, 'EUR', ?, 86400, false, now(), now())
                """)) {
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, patientId);
            insert.setObject(3, doctorId);
            insert.setString(4, status);
            insert.setObject(5, OffsetDateTime.ofInstant(start, ZoneOffset.UTC));
            insert.setObject(6, OffsetDateTime.ofInstant(start.plus(Duration.ofMinutes(30)), ZoneOffset.UTC));
            insert.setObject(7, OffsetDateTime.ofInstant(start.minus(Duration.ofHours(24)), ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }
}
