package org.medbook.booking.api;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.medbook.booking.application.HoldExpiry;
import org.medbook.support.Api;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A booking made inside the doctor's free-cancellation notice is not born locked: the patient keeps
 * a grace period after booking (30 minutes here) to cancel for free or reschedule, never past the
 * start. And "upcoming" lists only the bookings that still hold their time.
 */
class BookingGraceAndUpcomingTests extends BookingTestSupport {

    /** A Tuesday, 09:10 in Berlin. */
    private static final Instant TUESDAY_MORNING = Instant.parse("2027-03-02T08:10:00Z");

    @Autowired
    private HoldExpiry holdExpiry;

    @Test
    void aBookingMadeInsideTheNoticeMayBeMovedOrCancelledFreelyDuringTheGracePeriod() {
        clock.setTo(TUESDAY_MORNING);
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        LocalDate today = berlinDay(0);
        Instant bookedAt = clock.instant();

        Api.Response booked = book(ann, doctor.id(), at(today, 11, 0), "IN_PERSON", "CASH");
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        String id = booked.text("id");
        assertThat(freeUntil(booked)).as("24 h notice has passed already; the grace period decides")
                .isEqualTo(bookedAt.plus(Duration.ofMinutes(30)));
        assertThat(instant(booked.body().path("policy").path("gracePeriodUntil").asString()))
                .isEqualTo(bookedAt.plus(Duration.ofMinutes(30)));
        assertThat(booked.body().path("policy").path("freeCancellationNoticeHours").asLong()).isEqualTo(24);

        clock.advance(Duration.ofMinutes(10));
        Api.Response moved = reschedule(ann.token, id, at(today, 12, 0));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(freeUntil(moved)).as("the grace period runs from booking, not from each move")
                .isEqualTo(bookedAt.plus(Duration.ofMinutes(30)));

        clock.advance(Duration.ofMinutes(21));
        ann.signIn();
        Api.Response closed = reschedule(ann.token, id, at(today, 13, 0));
        assertThat(closed.status()).as(closed.toString()).isEqualTo(422);
        assertThat(closed.problem()).isEqualTo("reschedule-window-closed");
    }

    @Test
    void aPaidBookingCancelledDuringTheGracePeriodIsRefundedInFull() {
        clock.setTo(TUESDAY_MORNING);
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        String slot = at(berlinDay(0), 15, 0);
        stubRefunds();
        PaidBooking paid = paidStripeBooking(ann, doctor.id(), slot);

        clock.advance(Duration.ofMinutes(20));
        ann.signIn();
        Api.Response cancelled = cancel(ann.token, paid.id(), "found an earlier doctor");
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        awaitStripeRefund(paid.intent(), VIDEO_FEE);
        awaitPaymentStatus(ann.token, paid.id(), "REFUNDED");
    }

    @Test
    void theGracePeriodNeverReachesPastTheStart() {
        clock.setTo(TUESDAY_MORNING);
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        String soon = at(berlinDay(0), 9, 30);

        Api.Response booked = book(ann, doctor.id(), soon, "IN_PERSON", "CASH");
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        assertThat(freeUntil(booked)).isEqualTo(instant(soon));
    }

    @Test
    void theDoctorSeesTheGracePeriodBesideTheirOwnTerms() {
        NewDoctor doctor = bookableDoctor();
        Api.Response policy = api.get("/api/v1/doctor/booking-policy", doctorLogin(doctor));
        assertThat(policy.status()).as(policy.toString()).isEqualTo(200);
        assertThat(policy.body().path("freeCancellationGraceMinutes").asLong()).isEqualTo(30);
    }

    @Test
    void upcomingListsOnlyActiveBookingsAndAStatusFilterFindsTheRest() {
        clock.setTo(TUESDAY_MORNING);
        NewDoctor doctor = bookableDoctor();
        NewDoctor other = bookableDoctor();
        Patient ann = newPatient("ann");
        String kept = booked(ann, doctor.id(), at(berlinDay(2), 10, 0), "IN_PERSON", "CASH");
        String cancelled = booked(ann, doctor.id(), at(berlinDay(3), 10, 0), "IN_PERSON", "CASH");
        nextStripeIntent();
        Api.Response held = book(ann, other.id(), at(berlinDay(4), 15, 0), "VIDEO", "STRIPE");
        assertThat(held.status()).as(held.toString()).isEqualTo(201);
        String expired = held.text("id");
        assertThat(ids(api.get(BOOKINGS + "?when=upcoming", ann.token))).containsExactly(kept, cancelled, expired);

        assertThat(cancel(ann.token, cancelled, "changed my mind").status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(11));
        holdExpiry.expireHolds();
        ann.signIn();

        assertThat(ids(api.get(BOOKINGS + "?when=upcoming", ann.token))).containsExactly(kept);
        assertThat(ids(api.get(BOOKINGS, ann.token))).containsExactly(kept);
        assertThat(ids(api.get(BOOKINGS + "?when=upcoming&status=CANCELLED", ann.token))).containsExactly(cancelled);
        assertThat(ids(api.get(BOOKINGS + "?when=upcoming&status=EXPIRED", ann.token))).containsExactly(expired);
        assertThat(ids(api.get(BOOKINGS + "?when=past", ann.token))).isEmpty();
        Api.Response wrong = api.get(BOOKINGS + "?status=SOMEDAY", ann.token);
        assertThat(wrong.status()).as(wrong.toString()).isEqualTo(400);
    }

    private static Instant freeUntil(Api.Response booking) {
        return instant(booking.body().path("policy").path("freeCancellationUntil").asString());
    }
}
