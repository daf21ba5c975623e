package org.medbook.booking.api;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import io.micrometer.core.instrument.MeterRegistry;
import org.medbook.booking.BookingEvents;
import org.medbook.booking.application.CancelErasedAccountBookingsCommand;
import org.medbook.booking.application.CancelErasedAccountBookingsHandler;
import org.medbook.booking.application.HoldExpiry;
import org.medbook.identity.UserId;
import org.medbook.support.Api;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A booking's life: payment, holds and their expiry, moving, cancelling with the doctor's terms, approval, attendance. */
class BookingLifecycleTests extends BookingTestSupport {

    @Autowired
    private HoldExpiry holdExpiry;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private CancelErasedAccountBookingsHandler cancelErased;

    /** How many bookings reached the outcome so far (the {@code medbook.bookings} counter). */
    private double outcomes(String outcome) {
        return meters.get("medbook.bookings").tag("outcome", outcome).counter().count();
    }

    @Test
    void aCashBookingIsConfirmedWithPaymentDueAndTheDoctorRecordsTheCash() {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        LocalDate day = berlinDay(2);
        double bookedBefore = outcomes("booked");
        double confirmedBefore = outcomes("confirmed");

        Api.Response first = book(ann, doctor.id(), at(day, 9, 0), "IN_PERSON", "CASH");
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.text("status")).isEqualTo("CONFIRMED");
        // counted once committed: a booking made, and (cash needing no approval) one confirmed
        assertThat(outcomes("booked")).isGreaterThanOrEqualTo(bookedBefore + 1);
        assertThat(outcomes("confirmed")).isGreaterThanOrEqualTo(confirmedBefore + 1);
        assertThat(first.text("holdExpiresAt")).isNull();
        assertThat(first.header("Location")).isEqualTo("/api/v1/bookings/" + first.text("id"));
        JsonNode payment = first.body().path("payment");
        assertThat(payment.path("method").asString()).isEqualTo("CASH");
        assertThat(payment.path("status").asString()).isEqualTo("DUE");
        assertThat(payment.path("amountMinor").asLong()).isEqualTo(6000);
        assertThat(payment.path("currency").asString()).isEqualTo("EUR");
        String second = booked(ann, doctor.id(), at(day, 9, 30), "IN_PERSON", "CASH");

        String doctorToken = doctorLogin(doctor);
        Api.Response paid = doctorAction(doctorToken, first.text("id"), "cash");
        assertThat(paid.status()).as(paid.toString()).isEqualTo(200);
        assertThat(paid.body().path("payment").path("status").asString()).isEqualTo("PAID");
        Api.Response waived = api.post(DOCTOR_BOOKINGS + "/" + second + "/cash", Map.of("waived", true), doctorToken);
        assertThat(waived.status()).as(waived.toString()).isEqualTo(200);
        assertThat(waived.body().path("payment").path("status").asString()).isEqualTo("WAIVED");

        Api.Response twice = api.post(DOCTOR_BOOKINGS + "/" + first.text("id") + "/cash", Map.of("waived", true), doctorToken);
        assertThat(twice.status()).as(twice.toString()).isEqualTo(409);
        assertThat(twice.problem()).isEqualTo("payment-state");
        assertThat(bookingOk(ann.token, first.text("id")).body().path("payment").path("status").asString()).isEqualTo("PAID");
        assertThat(bookingOk(ann.token, second).body().path("payment").path("status").asString()).isEqualTo("WAIVED");
    }

    @Test
    void aPatientMayHoldThreeUnpaidOnlineBookingsAtOnceButStillBookCash() throws SQLException {
        // Two doctors for the holds and a third for cash: at most two upcoming bookings per doctor and patient.
        NewDoctor doctor = bookableDoctor();
        NewDoctor second = bookableDoctor();
        NewDoctor third = bookableDoctor();
        Patient ann = newPatient("ann");
        LocalDate day = berlinDay(2);
        String firstIntent = null;
        String firstHold = null;
        for (int minute : List.of(0, 30, 60)) {
            String intent = nextStripeIntent();
            String doctorId = minute < 60 ? doctor.id() : second.id();
            Api.Response held = book(ann, doctorId, at(day, 15 + minute / 60, minute % 60), "VIDEO", "STRIPE");
            assertThat(held.status()).as(held.toString()).isEqualTo(201);
            assertThat(held.text("status")).isEqualTo("PENDING_PAYMENT");
            assertThat(held.body().path("payment").path("clientSecret").asString()).isEqualTo(intent + "_secret");
            assertThat(held.text("holdExpiresAt")).isNotNull();
            if (firstIntent == null) {
                firstIntent = intent;
                firstHold = held.text("id");
            }
        }

        nextStripeIntent();
        String fourth = at(day, 16, 30);
        Api.Response refused = book(ann, second.id(), fourth, "VIDEO", "STRIPE");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.problem()).isEqualTo("too-many-holds");
        assertThat(activeAt(second.id(), instant(fourth))).isZero();
        assertThat(PROVIDERS.findAll(postRequestedFor(urlEqualTo("/v1/payment_intents")))).hasSize(3);

        Api.Response cash = book(ann, third.id(), at(day, 10, 0), "IN_PERSON", "CASH");
        assertThat(cash.status()).as(cash.toString()).isEqualTo(201);
        assertThat(cash.text("status")).isEqualTo("CONFIRMED");

        // A paid hold no longer counts.
        stripePaid(firstIntent);
        assertThat(bookingOk(ann.token, firstHold).text("status")).isEqualTo("CONFIRMED");
        nextStripeIntent();
        Api.Response now = book(ann, second.id(), fourth, "VIDEO", "STRIPE");
        assertThat(now.status()).as(now.toString()).isEqualTo(201);
        assertThat(now.text("status")).isEqualTo("PENDING_PAYMENT");
    }

    @Test
    void theUnpaidHoldLimitHoldsForConcurrentRequests() throws Exception {
        // Two attempts per doctor, so only the unpaid-hold limit can refuse.
        List<NewDoctor> doctors = List.of(bookableDoctor(), bookableDoctor(), bookableDoctor(), bookableDoctor());
        Patient ann = newPatient("ann");
        LocalDate day = berlinDay(2);
        // Every intent Stripe creates gets an id of its own, whatever the order the requests arrive in.
        PROVIDERS.stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withTransformers("response-template")
                .withBody("{\"id\":\"pi_{{randomValue length=24 type='ALPHANUMERIC'}}\",\"object\":\"payment_intent\","
                        + "\"amount\":4500,\"currency\":\"eur\",\"status\":\"requires_payment_method\","
                        + "\"client_secret\":\"secret_{{randomValue length=24 type='ALPHANUMERIC'}}\"}")));

        int attempts = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(attempts);
        List<Future<Api.Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < attempts; i++) {
                String slot = at(day, 14 + i / 2, (i % 2) * 30);
                String doctorId = doctors.get(i / 2).id();
                answers.add(threads.submit(() -> {
                    go.await();
                    return book(ann, doctorId, slot, "VIDEO", "STRIPE");
                }));
            }
            go.countDown();
            List<Api.Response> responses = new ArrayList<>();
            for (Future<Api.Response> answer : answers) {
                responses.add(answer.get(60, TimeUnit.SECONDS));
            }
            assertThat(responses.stream().filter(r -> r.status() == 201)).as(responses.toString()).hasSize(3);
            assertThat(responses.stream().filter(r -> r.status() != 201)).allSatisfy(refused -> {
                assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
                assertThat(refused.problem()).isEqualTo("too-many-holds");
            });
        } finally {
            threads.shutdownNow();
        }
        assertThat(count("SELECT count(*) FROM appointments WHERE patient_id = ? AND status = 'PENDING_PAYMENT'",
                UUID.fromString(ann.id()))).isEqualTo(3);
    }

    @Test
    void aPaymentForAHoldThePatientCancelledIsRefunded() {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        String intent = nextStripeIntent();
        String id = booked(ann, doctor.id(), at(berlinDay(2), 18, 0), "VIDEO", "STRIPE");

        Api.Response cancelled = cancel(ann.token, id, "changed my mind");
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.text("status")).isEqualTo("CANCELLED");
        awaitPaymentStatus(ann.token, id, "CANCELLED");
        assertThat(stripeRefundCalls(intent)).isZero();

        stubRefunds();
        stripePaid(intent);
        awaitStripeRefund(intent, VIDEO_FEE);
        awaitPaymentStatus(ann.token, id, "REFUNDED");
        assertThat(bookingOk(ann.token, id).text("status")).isEqualTo("CANCELLED");
    }

    @Test
    void aPaymentThatCannotBeStartedReleasesTheHoldAndTheKey() throws SQLException {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        String slot = at(berlinDay(2), 19, 0);
        String key = UUID.randomUUID().toString();
        PROVIDERS.stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"type\":\"api_error\",\"message\":\"down\"}}")));

        Api.Response failed = book(ann.token, doctor.id(), slot, "VIDEO", "STRIPE", key);
        assertThat(failed.status()).as(failed.toString()).isEqualTo(503);
        assertThat(failed.problem()).isEqualTo("payment-provider-unavailable");
        assertThat(activeAt(doctor.id(), instant(slot))).isZero();
        assertThat(freeStarts(doctor.id(), "VIDEO", 4)).contains(instant(slot));

        String intent = nextStripeIntent();
        Api.Response retried = book(ann.token, doctor.id(), slot, "VIDEO", "STRIPE", key);
        assertThat(retried.status()).as(retried.toString()).isEqualTo(201);
        assertThat(retried.text("status")).isEqualTo("PENDING_PAYMENT");
        assertThat(retried.body().path("payment").path("clientSecret").asString()).isEqualTo(intent + "_secret");
    }

    @Test
    void anUnpaidHoldExpiresFreesTheSlotAndMoneyArrivingLateIsRefunded() throws SQLException {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        Patient bob = newPatient("bob");
        String slot = at(berlinDay(1), 15, 0);
        String intent = nextStripeIntent();
        String bookedAs = "BOOKED by " + ann.id() + ": STRIPE";

        Instant before = clock.instant();
        Api.Response held = book(ann, doctor.id(), slot, "VIDEO", "STRIPE");
        Instant after = clock.instant();
        assertThat(held.status()).as(held.toString()).isEqualTo(201);
        String id = held.text("id");
        assertThat(instantOf(held, "holdExpiresAt"))
                .isBetween(before.plus(Duration.ofMinutes(10)), after.plus(Duration.ofMinutes(10)));
        assertThat(freeStarts(doctor.id(), "VIDEO", 3)).doesNotContain(instant(slot));

        clock.advance(Duration.ofMinutes(9));
        holdExpiry.expireHolds();
        assertThat(bookingOk(ann.token, id).text("status")).as("still within the hold").isEqualTo("PENDING_PAYMENT");

        clock.advance(Duration.ofMinutes(2));
        double expiredBefore = outcomes("expired");
        assertThat(holdExpiry.expireHolds()).isGreaterThanOrEqualTo(1);
        assertThat(outcomes("expired")).isGreaterThanOrEqualTo(expiredBefore + 1);
        assertThat(changesOf(id)).containsExactly(bookedAs, "EXPIRED by system");
        ann.signIn();
        Api.Response expired = bookingOk(ann.token, id);
        assertThat(expired.text("status")).isEqualTo("EXPIRED");
        assertThat(expired.text("holdExpiresAt")).isNull();
        assertThat(expired.body().path("payment").path("clientSecret").isMissingNode()).isTrue();
        awaitPaymentStatus(ann.token, id, "CANCELLED");

        assertThat(freeStarts(doctor.id(), "VIDEO", 3)).contains(instant(slot));
        bob.signIn();
        String bobs = booked(bob, doctor.id(), slot, "VIDEO", "CASH");

        // The patient pays anyway: the money is captured, the booking stays expired and the money goes back.
        stubRefunds();
        double lateBefore = outcomes("late_payment_refunded");
        stripePaid(intent);
        awaitStripeRefund(intent, VIDEO_FEE);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(changesOf(id)).containsExactly(bookedAs, "EXPIRED by system", "LATE_PAYMENT_REFUNDED by system");
            assertThat(outcomes("late_payment_refunded")).isGreaterThanOrEqualTo(lateBefore + 1);
        });
        awaitPaymentStatus(ann.token, id, "REFUNDED");
        Api.Response afterPayment = bookingOk(ann.token, id);
        assertThat(afterPayment.text("status")).isEqualTo("EXPIRED");
        assertThat(afterPayment.body().path("payment").path("refundedMinor").asLong()).isEqualTo(VIDEO_FEE);
        assertThat(bookingOk(bob.token, bobs).text("status")).isEqualTo("CONFIRMED");
    }

    @Test
    void reschedulingToAFreeSlotKeepsTheIdAndReleasesTheOldTime() throws SQLException {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        Patient bob = newPatient("bob");
        LocalDate day = berlinDay(3);
        String id = booked(ann, doctor.id(), at(day, 9, 0), "IN_PERSON", "CASH");

        Api.Response moved = reschedule(ann.token, id, at(day, 11, 0));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(moved.text("id")).isEqualTo(id);
        assertThat(moved.text("status")).isEqualTo("CONFIRMED");
        assertThat(instantOf(moved, "start")).isEqualTo(instant(at(day, 11, 0)));
        assertThat(instantOf(moved, "end")).isEqualTo(instant(at(day, 11, 30)));
        assertThat(instant(moved.body().path("policy").path("freeCancellationUntil").asString()))
                .isEqualTo(instant(at(day, 11, 0)).minus(Duration.ofHours(24)));

        Api.Response read = bookingOk(ann.token, id);
        assertThat(instantOf(read, "start")).isEqualTo(instant(at(day, 11, 0)));
        assertThat(read.body().path("payment").path("status").asString()).isEqualTo("DUE");
        assertThat(appointmentsOf("doctor_id", doctor.id())).isEqualTo(1);
        assertThat(activeAt(doctor.id(), instant(at(day, 9, 0)))).isZero();
        assertThat(activeAt(doctor.id(), instant(at(day, 11, 0)))).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM appointment_changes WHERE appointment_id = ? AND change = 'RESCHEDULED'",
                UUID.fromString(id))).isEqualTo(1);
        List<Instant> free = freeStarts(doctor.id(), "IN_PERSON", 5);
        assertThat(free).contains(instant(at(day, 9, 0))).doesNotContain(instant(at(day, 11, 0)));

        assertThat(book(bob, doctor.id(), at(day, 9, 0), "IN_PERSON", "CASH").status()).isEqualTo(201);
    }

    @Test
    void reschedulingToATakenOrUnofferedTimeChangesNothing() throws SQLException {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        Patient bob = newPatient("bob");
        LocalDate day = berlinDay(3);
        String anns = booked(ann, doctor.id(), at(day, 9, 0), "IN_PERSON", "CASH");
        String bobs = booked(bob, doctor.id(), at(day, 9, 30), "IN_PERSON", "CASH");

        Api.Response taken = reschedule(ann.token, anns, at(day, 9, 30));
        assertThat(taken.status()).as(taken.toString()).isEqualTo(409);
        assertThat(taken.problem()).isEqualTo("slot-unavailable");
        for (String notOffered : List.of(at(day, 9, 10), at(day, 15, 0), at(day, 23, 0))) {
            Api.Response refused = reschedule(ann.token, anns, notOffered);
            assertThat(refused.status()).as(notOffered + " " + refused).isEqualTo(409);
            assertThat(refused.problem()).isEqualTo("slot-unavailable");
        }

        assertThat(instantOf(bookingOk(ann.token, anns), "start")).isEqualTo(instant(at(day, 9, 0)));
        assertThat(instantOf(bookingOk(bob.token, bobs), "start")).isEqualTo(instant(at(day, 9, 30)));
        assertThat(activeAt(doctor.id(), instant(at(day, 9, 0)))).isEqualTo(1);
        assertThat(activeAt(doctor.id(), instant(at(day, 9, 30)))).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM appointment_changes WHERE appointment_id = ? AND change = 'RESCHEDULED'",
                UUID.fromString(anns))).isZero();
    }

    @Test
    void aPatientMovesWithinTheBookedPracticeWhileTheDoctorMayMoveTheVisitToAnother() {
        NewDoctor created = createDoctor(Map.of("locations", List.of(
                Map.of("name", "Praxis Mitte", "address", "Friedrichstr. 100, 10117 Berlin",
                        "latitude", 52.5208, "longitude", 13.3880),
                Map.of("name", "Praxis Pankow", "address", "Breite Str. 20, 13187 Berlin",
                        "latitude", 52.5693, "longitude", 13.4016))));
        JsonNode locations = created.created().body().path("locations");
        String mitte = locations.get(0).path("id").asString();
        String pankow = locations.get(1).path("id").asString();
        String doctorToken = doctorToken(created);
        List<Map<String, Object>> rules = new ArrayList<>();
        for (String weekday : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
            rules.add(Map.of("dayOfWeek", weekday, "start", "06:00", "end", "10:00", "slotMinutes", 30,
                    "bufferMinutes", 0, "type", "IN_PERSON", "locationId", mitte));
            rules.add(Map.of("dayOfWeek", weekday, "start", "10:00", "end", "14:00", "slotMinutes", 30,
                    "bufferMinutes", 0, "type", "IN_PERSON", "locationId", pankow));
        }
        Api.Response schedule = api.put("/api/v1/doctor/availability",
                Map.of("weeklyRules", rules, "minimumNoticeMinutes", 0, "horizonDays", 90), doctorToken);
        assertThat(schedule.status()).as(schedule.toString()).isEqualTo(200);
        verifyDoctor(created.id());
        Patient ann = newPatient("ann");
        LocalDate day = berlinDay(3);
        Api.Response booked = book(ann, created.id(), at(day, 9, 0), "IN_PERSON", "CASH");
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        assertThat(booked.text("locationId")).isEqualTo(mitte);
        String id = booked.text("id");

        Api.Response elsewhere = reschedule(ann.token, id, at(day, 11, 0));
        assertThat(elsewhere.status()).as(elsewhere.toString()).isEqualTo(409);
        assertThat(elsewhere.problem()).isEqualTo("slot-unavailable");
        assertThat(instantOf(bookingOk(ann.token, id), "start")).isEqualTo(instant(at(day, 9, 0)));

        Api.Response samePractice = reschedule(ann.token, id, at(day, 8, 0));
        assertThat(samePractice.status()).as(samePractice.toString()).isEqualTo(200);
        assertThat(samePractice.text("locationId")).isEqualTo(mitte);

        Api.Response byTheDoctor = reschedule(doctorToken, id, at(day, 11, 0));
        assertThat(byTheDoctor.status()).as(byTheDoctor.toString()).isEqualTo(200);
        Api.Response read = bookingOk(ann.token, id);
        assertThat(instantOf(read, "start")).isEqualTo(instant(at(day, 11, 0)));
        assertThat(read.text("locationId")).isEqualTo(pankow);
    }

    @Test
    void aPatientCannotRescheduleAfterTheFreeCancellationTimeButTheDoctorCan() {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        LocalDate day = berlinDay(3);
        Api.Response booked = book(ann, doctor.id(), at(day, 10, 0), "IN_PERSON", "CASH");
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        String id = booked.text("id");
        Instant start = instant(at(day, 10, 0));
        assertThat(instant(booked.body().path("policy").path("freeCancellationUntil").asString()))
                .isEqualTo(start.minus(Duration.ofHours(24)));

        advanceTo(start.minus(Duration.ofHours(12)));
        ann.signIn();
        String doctorToken = doctorLogin(doctor);

        Api.Response closed = reschedule(ann.token, id, at(day, 12, 0));
        assertThat(closed.status()).as(closed.toString()).isEqualTo(422);
        assertThat(closed.problem()).isEqualTo("reschedule-window-closed");
        assertThat(instantOf(bookingOk(ann.token, id), "start")).isEqualTo(start);

        Api.Response moved = reschedule(doctorToken, id, at(day, 12, 0));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(moved.text("id")).isEqualTo(id);
        assertThat(instantOf(bookingOk(ann.token, id), "start")).isEqualTo(instant(at(day, 12, 0)));
    }

    @Test
    void aPatientCancellingAPaidBookingBeforeTheFreeCancellationTimeGetsAFullRefund() throws SQLException {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        String slot = at(berlinDay(3), 15, 0);
        stubRefunds();
        double confirmedBefore = outcomes("confirmed");
        PaidBooking paid = paidStripeBooking(ann, doctor.id(), slot);
        String bookedAs = "BOOKED by " + ann.id() + ": STRIPE";
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(changesOf(paid.id())).containsExactly(bookedAs, "PAID by system");
            // the payment confirms the held booking
            assertThat(outcomes("confirmed")).isGreaterThanOrEqualTo(confirmedBefore + 1);
        });
        Api.Response confirmed = bookingOk(ann.token, paid.id());
        assertThat(confirmed.text("status")).isEqualTo("CONFIRMED");
        assertThat(confirmed.body().path("payment").path("status").asString()).isEqualTo("CAPTURED");

        Api.Response cancelled = cancel(ann.token, paid.id(), "feeling better");
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.text("status")).isEqualTo("CANCELLED");
        assertThat(cancelled.body().path("cancellation").path("by").asString()).isEqualTo("PATIENT");
        assertThat(cancelled.body().path("cancellation").path("reason").asString()).isEqualTo("feeling better");
        assertThat(changesOf(paid.id())).containsExactly(bookedAs, "PAID by system",
                "CANCELLED by " + ann.id() + ": feeling better");

        awaitStripeRefund(paid.intent(), VIDEO_FEE);
        awaitPaymentStatus(ann.token, paid.id(), "REFUNDED");
        assertThat(bookingOk(ann.token, paid.id()).body().path("payment").path("refundedMinor").asLong()).isEqualTo(VIDEO_FEE);
        assertThat(freeStarts(doctor.id(), "VIDEO", 5)).contains(instant(slot));
    }

    @Test
    void aPatientCancellingAPaidBookingAfterTheFreeCancellationTimeGetsNoRefund() {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        String slot = at(berlinDay(3), 15, 0);
        stubRefunds();
        PaidBooking paid = paidStripeBooking(ann, doctor.id(), slot);

        advanceTo(instant(slot).minus(Duration.ofHours(23)));
        ann.signIn();
        Api.Response cancelled = cancel(ann.token, paid.id(), "too late");
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.text("status")).isEqualTo("CANCELLED");

        awaitRefundRequestsHandled(paid.id());
        assertThat(stripeRefundCalls(paid.intent())).isZero();
        Api.Response read = bookingOk(ann.token, paid.id());
        assertThat(read.body().path("payment").path("status").asString()).isEqualTo("CAPTURED");
        assertThat(read.body().path("payment").path("refundedMinor").isMissingNode()).isTrue();
    }

    @Test
    void aDoctorCancellingAPaidBookingRefundsInFullEvenLate() {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        String slot = at(berlinDay(3), 16, 0);
        stubRefunds();
        PaidBooking paid = paidStripeBooking(ann, doctor.id(), slot);

        advanceTo(instant(slot).minus(Duration.ofHours(2)));
        ann.signIn();
        Api.Response cancelled = cancel(doctorLogin(doctor), paid.id(), "ill");
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.body().path("cancellation").path("by").asString()).isEqualTo("DOCTOR");

        awaitStripeRefund(paid.intent(), VIDEO_FEE);
        awaitPaymentStatus(ann.token, paid.id(), "REFUNDED");
    }

    @Test
    void theDoctorsPolicyIsCopiedOntoEachBookingWhenItIsMade() {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        String doctorToken = doctorLogin(doctor);
        LocalDate day = berlinDay(4);

        Api.Response defaults = api.get("/api/v1/doctor/booking-policy", doctorToken);
        assertThat(defaults.status()).as(defaults.toString()).isEqualTo(200);
        assertThat(defaults.body().path("freeCancellationHours").asInt()).isEqualTo(24);
        Api.Response set = setPolicy(doctorToken, 48, false);
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        for (int invalid : List.of(73, -1)) {
            Api.Response refused = setPolicy(doctorToken, invalid, false);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
            assertThat(refused.problem()).isEqualTo("invalid-policy");
        }
        Api.Response policy = api.get("/api/v1/doctor/booking-policy", doctorToken);
        assertThat(policy.body().path("freeCancellationHours").asInt()).isEqualTo(48);
        assertThat(policy.body().path("requiresApproval").asBoolean()).isFalse();

        String early = booked(ann, doctor.id(), at(day, 10, 0), "IN_PERSON", "CASH");
        Instant earlyStart = instant(at(day, 10, 0));
        assertThat(freeUntil(ann.token, early)).isEqualTo(earlyStart.minus(Duration.ofHours(48)));

        assertThat(setPolicy(doctorToken, 0, false).status()).isEqualTo(200);
        assertThat(freeUntil(ann.token, early)).as("unchanged by the new policy").isEqualTo(earlyStart.minus(Duration.ofHours(48)));
        String late = booked(ann, doctor.id(), at(day, 11, 0), "IN_PERSON", "CASH");
        assertThat(freeUntil(ann.token, late)).isEqualTo(instant(at(day, 11, 0)));

        advanceTo(earlyStart.minus(Duration.ofHours(36)));
        ann.signIn();
        Api.Response closed = reschedule(ann.token, early, at(day, 12, 0));
        assertThat(closed.status()).as(closed.toString()).isEqualTo(422);
        assertThat(closed.problem()).isEqualTo("reschedule-window-closed");
        Api.Response open = reschedule(ann.token, late, at(day, 12, 0));
        assertThat(open.status()).as(open.toString()).isEqualTo(200);
    }

    @Test
    void aDoctorWhoRequiresApprovalConfirmsOrDeclinesCashBookingsByHand() throws SQLException {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        String doctorToken = doctorLogin(doctor);
        Api.Response policy = setPolicy(doctorToken, 24, true);
        assertThat(policy.status()).as(policy.toString()).isEqualTo(200);
        assertThat(policy.body().path("freeCancellationHours").asInt()).isEqualTo(24);
        assertThat(policy.body().path("requiresApproval").asBoolean()).isTrue();
        assertThat(policy.body().path("freeCancellationGraceMinutes").asLong()).isEqualTo(30);
        LocalDate day = berlinDay(2);

        Api.Response pending = book(ann, doctor.id(), at(day, 8, 0), "IN_PERSON", "CASH");
        assertThat(pending.status()).as(pending.toString()).isEqualTo(201);
        assertThat(pending.text("status")).isEqualTo("PENDING_APPROVAL");
        assertThat(pending.body().path("payment").path("status").asString()).isEqualTo("DUE");
        String id = pending.text("id");
        assertThat(freeStarts(doctor.id(), "IN_PERSON", 4)).as("a pending booking holds its time")
                .doesNotContain(instant(at(day, 8, 0)));

        double confirmedBefore = outcomes("confirmed");
        Api.Response approved = doctorAction(doctorToken, id, "approve");
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.text("status")).isEqualTo("CONFIRMED");
        assertThat(changesOf(id)).containsExactly("BOOKED by " + ann.id() + ": CASH", "APPROVED by " + doctor.id());
        assertThat(outcomes("confirmed")).isGreaterThanOrEqualTo(confirmedBefore + 1);
        assertThat(bookingOk(ann.token, id).text("status")).isEqualTo("CONFIRMED");
        for (String action : List.of("approve", "decline")) {
            Api.Response again = doctorAction(doctorToken, id, action);
            assertThat(again.status()).as(action + " " + again).isEqualTo(409);
            assertThat(again.problem()).isEqualTo("booking-state");
        }

        String other = booked(ann, doctor.id(), at(day, 9, 0), "IN_PERSON", "CASH");
        Api.Response declined = api.post(DOCTOR_BOOKINGS + "/" + other + "/decline", Map.of("reason", "fully booked"),
                doctorToken);
        assertThat(declined.status()).as(declined.toString()).isEqualTo(200);
        assertThat(declined.text("status")).isEqualTo("CANCELLED");
        assertThat(declined.body().path("cancellation").path("by").asString()).isEqualTo("DOCTOR");
        assertThat(changesOf(other)).containsExactly("BOOKED by " + ann.id() + ": CASH",
                "DECLINED by " + doctor.id() + ": fully booked");
        awaitPaymentStatus(ann.token, other, "CANCELLED");
        assertThat(freeStarts(doctor.id(), "IN_PERSON", 4)).contains(instant(at(day, 9, 0)));
    }

    @Test
    void aPaidBookingAwaitingApprovalThatIsDeclinedIsRefunded() {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        String doctorToken = doctorLogin(doctor);
        assertThat(setPolicy(doctorToken, 24, true).status()).isEqualTo(200);
        String slot = at(berlinDay(2), 17, 0);
        stubRefunds();

        PaidBooking paid = paidStripeBooking(ann, doctor.id(), slot);
        Api.Response awaiting = bookingOk(ann.token, paid.id());
        assertThat(awaiting.text("status")).isEqualTo("PENDING_APPROVAL");
        assertThat(awaiting.body().path("payment").path("status").asString()).isEqualTo("CAPTURED");

        Api.Response declined = api.post(DOCTOR_BOOKINGS + "/" + paid.id() + "/decline", Map.of("reason", "not my field"),
                doctorToken);
        assertThat(declined.status()).as(declined.toString()).isEqualTo(200);
        assertThat(declined.text("status")).isEqualTo("CANCELLED");
        assertThat(declined.body().path("cancellation").path("reason").asString()).isEqualTo("not my field");
        awaitStripeRefund(paid.intent(), VIDEO_FEE);
        awaitPaymentStatus(ann.token, paid.id(), "REFUNDED");
        assertThat(freeStarts(doctor.id(), "VIDEO", 4)).contains(instant(slot));
    }

    @Test
    void attendanceIsRecordedOnlyOnceTheVisitStartedAndAStartedBookingCannotBeCancelled() throws SQLException {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        LocalDate day = berlinDay(1);
        String first = booked(ann, doctor.id(), at(day, 10, 0), "IN_PERSON", "CASH");
        String second = booked(ann, doctor.id(), at(day, 10, 30), "IN_PERSON", "CASH");
        String doctorToken = doctorLogin(doctor);

        for (String action : List.of("complete", "no-show")) {
            Api.Response early = doctorAction(doctorToken, first, action);
            assertThat(early.status()).as(action + " " + early).isEqualTo(422);
            assertThat(early.problem()).isEqualTo("booking-not-started");
        }
        assertThat(bookingOk(ann.token, first).text("status")).isEqualTo("CONFIRMED");

        advanceTo(instant(at(day, 10, 31)));
        ann.signIn();
        doctorToken = doctorLogin(doctor);

        Api.Response cancelled = cancel(ann.token, first, "forgot");
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(422);
        assertThat(cancelled.problem()).isEqualTo("booking-started");
        Api.Response moved = reschedule(ann.token, first, at(day.plusDays(1), 10, 0));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(422);
        assertThat(moved.problem()).isEqualTo("booking-started");

        double completedBefore = outcomes("completed");
        double noShowsBefore = outcomes("no_show");
        Api.Response completed = doctorAction(doctorToken, first, "complete");
        assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
        assertThat(completed.text("status")).isEqualTo("COMPLETED");
        Api.Response noShow = doctorAction(doctorToken, second, "no-show");
        assertThat(noShow.status()).as(noShow.toString()).isEqualTo(200);
        assertThat(noShow.text("status")).isEqualTo("NO_SHOW");
        assertThat(changesOf(first)).containsExactly("BOOKED by " + ann.id() + ": CASH", "COMPLETED by " + doctor.id());
        assertThat(changesOf(second)).containsExactly("BOOKED by " + ann.id() + ": CASH", "NO_SHOW by " + doctor.id());
        assertThat(outcomes("completed")).isGreaterThanOrEqualTo(completedBefore + 1);
        assertThat(outcomes("no_show")).isGreaterThanOrEqualTo(noShowsBefore + 1);

        Api.Response again = doctorAction(doctorToken, first, "no-show");
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(again.problem()).isEqualTo("booking-state");
        assertThat(cancel(ann.token, first, null).status()).isEqualTo(409);
        assertThat(bookingOk(ann.token, first).text("status")).isEqualTo("COMPLETED");
        assertThat(bookingOk(ann.token, second).text("status")).isEqualTo("NO_SHOW");
    }

    @Test
    void erasingAnAccountCancelsItsFutureBookingsAsPatientAndAsDoctorAndCountsThem() throws SQLException {
        NewDoctor doctor = bookableDoctor();
        NewDoctor other = bookableDoctor();
        Patient ann = newPatient("ann");
        Patient bob = newPatient("bob");
        LocalDate day = berlinDay(2);
        String annWithDoctor = booked(ann, doctor.id(), at(day, 9, 0), "IN_PERSON", "CASH");
        String annWithOther = booked(ann, other.id(), at(day, 11, 0), "IN_PERSON", "CASH");
        String bobWithDoctor = booked(bob, doctor.id(), at(day, 10, 0), "IN_PERSON", "CASH");
        String annId = ann.id();
        double cancelledBefore = outcomes("cancelled");

        assertThat(cancelErased.handle(new CancelErasedAccountBookingsCommand(new UserId(UUID.fromString(annId)))))
                .isEqualTo(2);
        assertThat(changesOf(annWithDoctor)).containsExactly("BOOKED by " + annId + ": CASH",
                "CANCELLED by system: " + BookingEvents.AppointmentCancelled.PATIENT_ERASED);
        assertThat(changesOf(annWithOther)).last().isEqualTo("CANCELLED by system: " + BookingEvents.AppointmentCancelled.PATIENT_ERASED);
        assertThat(outcomes("cancelled")).isGreaterThanOrEqualTo(cancelledBefore + 2);
        assertThat(bookingOk(bob.token, bobWithDoctor).text("status")).isEqualTo("CONFIRMED");

        // the doctor's account: bob's booking with them goes too, ann's is already cancelled
        assertThat(cancelErased.handle(new CancelErasedAccountBookingsCommand(new UserId(UUID.fromString(doctor.id())))))
                .isEqualTo(1);
        assertThat(changesOf(bobWithDoctor)).last().isEqualTo("CANCELLED by system: " + BookingEvents.AppointmentCancelled.DOCTOR_ERASED);
        assertThat(bookingOk(bob.token, bobWithDoctor).text("status")).isEqualTo("CANCELLED");
        assertThat(cancelErased.handle(new CancelErasedAccountBookingsCommand(new UserId(UUID.fromString(doctor.id())))))
                .as("nothing left to cancel").isZero();
    }

    @Test
    void aCancelledOrUnpaidBookingCannotBeRescheduled() {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        LocalDate day = berlinDay(2);
        String id = booked(ann, doctor.id(), at(day, 10, 0), "IN_PERSON", "CASH");
        assertThat(cancel(ann.token, id, "no").status()).isEqualTo(200);

        Api.Response moved = reschedule(ann.token, id, at(day, 11, 0));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(409);
        assertThat(moved.problem()).isEqualTo("booking-not-active");
        Api.Response again = cancel(ann.token, id, "again");
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(again.problem()).isEqualTo("booking-not-active");
        assertThat(instantOf(bookingOk(ann.token, id), "start")).isEqualTo(instant(at(day, 10, 0)));

        nextStripeIntent();
        String hold = booked(ann, doctor.id(), at(day, 15, 0), "VIDEO", "STRIPE");
        Api.Response unpaid = reschedule(ann.token, hold, at(day, 16, 0));
        assertThat(unpaid.status()).as(unpaid.toString()).isEqualTo(409);
        assertThat(unpaid.problem()).isEqualTo("booking-not-active");
    }

    @Test
    void rebookingMakesANewBookingWithTheSameDoctorAndType() {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        String original = booked(ann, doctor.id(), at(berlinDay(2), 10, 0), "IN_PERSON", "CASH");
        LocalDate followUp = berlinDay(9);
        String key = UUID.randomUUID().toString();
        Map<String, Object> request = Map.of("start", at(followUp, 10, 0), "paymentMethod", "CASH");

        Api.Response rebooked = api.send("POST", BOOKINGS + "/" + original + "/rebook", request, ann.token,
                Map.of("Idempotency-Key", key));
        assertThat(rebooked.status()).as(rebooked.toString()).isEqualTo(201);
        assertThat(rebooked.text("id")).isNotEqualTo(original);
        assertThat(rebooked.text("rebookedFrom")).isEqualTo(original);
        assertThat(rebooked.text("doctorId")).isEqualTo(doctor.id());
        assertThat(rebooked.text("type")).isEqualTo("IN_PERSON");
        assertThat(rebooked.text("locationId")).isEqualTo(doctor.locationId());
        assertThat(rebooked.text("status")).isEqualTo("CONFIRMED");
        assertThat(instantOf(rebooked, "start")).isEqualTo(instant(at(followUp, 10, 0)));
        assertThat(rebooked.header("Location")).isEqualTo("/api/v1/bookings/" + rebooked.text("id"));
        assertThat(bookingOk(ann.token, original).text("status")).as("the original stays").isEqualTo("CONFIRMED");

        Api.Response replayed = api.send("POST", BOOKINGS + "/" + original + "/rebook", request, ann.token,
                Map.of("Idempotency-Key", key));
        assertThat(replayed.status()).isEqualTo(201);
        assertThat(replayed.text("id")).isEqualTo(rebooked.text("id"));
        Api.Response keyless = api.send("POST", BOOKINGS + "/" + original + "/rebook",
                Map.of("start", at(followUp, 11, 0), "paymentMethod", "CASH"), ann.token, Map.of());
        assertThat(keyless.status()).as(keyless.toString()).isEqualTo(400);
        assertThat(keyless.problem()).isEqualTo("idempotency-key-required");
        // The type is the original's: a video-hours time is not an in-person slot.
        Api.Response wrongType = api.send("POST", BOOKINGS + "/" + original + "/rebook",
                Map.of("start", at(followUp, 15, 0), "paymentMethod", "CASH"), ann.token,
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(wrongType.status()).as(wrongType.toString()).isEqualTo(409);
        assertThat(wrongType.problem()).isEqualTo("slot-unavailable");
    }

    @Test
    void patientsSeeUpcomingAndPastBookingsAndDoctorsTheirDayOrWeek() {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        Patient bob = newPatient("bob");
        LocalDate first = berlinDay(1);
        LocalDate third = berlinDay(3);
        LocalDate fifth = berlinDay(5);
        // A patient may hold two upcoming bookings with one doctor: Ann's third is with another.
        NewDoctor other = bookableDoctor();
        String a1 = booked(ann, doctor.id(), at(first, 10, 0), "IN_PERSON", "CASH");
        String a3 = booked(ann, doctor.id(), at(third, 10, 0), "IN_PERSON", "CASH");
        String a5 = booked(ann, other.id(), at(fifth, 15, 0), "VIDEO", "CASH");
        String b3 = booked(bob, doctor.id(), at(third, 9, 30), "IN_PERSON", "CASH");
        String b5 = booked(bob, doctor.id(), at(fifth, 15, 0), "VIDEO", "CASH");

        assertThat(ids(api.get(BOOKINGS + "?when=upcoming", ann.token))).containsExactly(a1, a3, a5);
        assertThat(ids(api.get(BOOKINGS, ann.token))).containsExactly(a1, a3, a5);
        assertThat(ids(api.get(BOOKINGS + "?when=past", ann.token))).isEmpty();
        assertThat(ids(api.get(BOOKINGS + "?when=upcoming", bob.token))).containsExactly(b3, b5);
        assertThat(api.get(BOOKINGS + "?when=someday", ann.token).status()).isEqualTo(400);

        advanceTo(instant(at(first, 11, 0)));
        ann.signIn();
        assertThat(ids(api.get(BOOKINGS + "?when=upcoming", ann.token))).containsExactly(a3, a5);
        assertThat(ids(api.get(BOOKINGS + "?when=past", ann.token))).containsExactly(a1);

        String doctorToken = doctorLogin(doctor);
        assertThat(ids(api.get(DOCTOR_BOOKINGS + "?date=" + first + "&range=day", doctorToken))).containsExactly(a1);
        assertThat(ids(api.get(DOCTOR_BOOKINGS + "?date=" + third + "&range=day", doctorToken))).containsExactly(b3, a3);
        assertThat(ids(api.get(DOCTOR_BOOKINGS + "?date=" + third.minusDays(1) + "&range=day", doctorToken))).isEmpty();
        assertThat(ids(api.get(DOCTOR_BOOKINGS + "?date=" + first + "&range=week", doctorToken)))
                .containsExactly(a1, b3, a3, b5);
        assertThat(ids(api.get(DOCTOR_BOOKINGS + "?date=" + third + "&range=week", doctorToken)))
                .containsExactly(b3, a3, b5);
        assertThat(api.get(DOCTOR_BOOKINGS + "?date=" + first + "&range=month", doctorToken).status()).isEqualTo(400);
    }

    private Instant freeUntil(String token, String id) {
        return instant(bookingOk(token, id).body().path("policy").path("freeCancellationUntil").asString());
    }
}
