package org.medbook.payments.api;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.medbook.payments.PaymentStatus;
import org.medbook.payments.PaymentView;
import org.medbook.payments.Payments;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.medbook.support.Api;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Cash due at the visit: booked, then collected or waived by the doctor or the back office. */
class CashSettlementTests extends PaymentsTestSupport {

    private static final long IN_PERSON_FEE = 6000;

    @Autowired
    private Payments payments;

    private record CashBooking(String id, String patientToken, NewDoctor doctor, Api.Response booked) {
    }

    private CashBooking cashBooking(String who) {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail(who));
        Api.Response booked = book(patient, doctor.id(), freeSlots(doctor.id(), "IN_PERSON", 3).get(1), "IN_PERSON", "CASH",
                UUID.randomUUID().toString());
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        return new CashBooking(booked.text("id"), patient, doctor, booked);
    }

    @Test
    void aCashBookingShowsItsPaymentDueAndTheDoctorRecordsTheCashCollected() {
        CashBooking booking = cashBooking("cashpaid");
        JsonNode due = booking.booked().body().path("payment");
        assertThat(due.path("method").asString()).isEqualTo("CASH");
        assertThat(due.path("status").asString()).isEqualTo("DUE");
        assertThat(due.path("amountMinor").asLong()).isEqualTo(IN_PERSON_FEE);
        JsonNode listed = api.get("/api/v1/bookings?when=upcoming&size=100", booking.patientToken()).body().path("items");
        assertThat(listed.findValues("payment")).extracting(payment -> payment.path("status").asString())
                .containsExactly("DUE");
        String doctorToken = staffLogin(booking.doctor().email(), booking.doctor().temporaryPassword());

        Api.Response collected = api.post("/api/v1/doctor/bookings/" + booking.id() + "/cash", Map.of("waived", false),
                doctorToken);

        assertThat(collected.status()).as(collected.toString()).isEqualTo(200);
        assertThat(collected.body().path("payment").path("status").asString()).isEqualTo("PAID");
        assertThat(payment(booking.id()).status()).isEqualTo("PAID");
        assertThat(ledger(booking.id())).containsExactly("CASH_DUE", "CASH_PAID");
        assertThat(ledgerAmounts(booking.id(), "CASH_PAID")).containsExactly(IN_PERSON_FEE);
        // the doctor's earnings hear of it from the payment's CashSettled
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneId.of("Europe/Berlin"));
        String earnings = "/api/v1/doctor/reports/earnings?from=" + today.minusDays(1) + "&to=" + today.plusDays(5);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode totals = api.get(earnings, doctorToken).body().path("totals");
            assertThat(totals.path(0).path("grossMinor").asLong()).isEqualTo(IN_PERSON_FEE);
        });

        Api.Response again = api.post("/api/v1/doctor/bookings/" + booking.id() + "/cash", Map.of("waived", false),
                doctorToken);
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(again.problem()).isEqualTo("payment-state");
        assertThat(ledger(booking.id())).containsOnlyOnce("CASH_PAID");
    }

    @Test
    void theBackOfficeWaivesTheCash() {
        CashBooking booking = cashBooking("cashwaived");

        Api.Response waived = api.post("/api/v1/admin/bookings/" + booking.id() + "/cash", Map.of("waived", true),
                adminToken());

        assertThat(waived.status()).as(waived.toString()).isEqualTo(200);
        assertThat(waived.body().path("payment").path("status").asString()).isEqualTo("WAIVED");
        assertThat(payment(booking.id()).status()).isEqualTo("WAIVED");
        assertThat(ledger(booking.id())).containsExactly("CASH_DUE", "CASH_WAIVED");
    }

    @Test
    void settlingCashThroughThePaymentsApiAnswersTheSettledPayment() {
        CashBooking booking = cashBooking("cashfacade");
        UUID actor = UUID.fromString(booking.doctor().id());

        PaymentView settled = payments.settleCash(UUID.fromString(booking.id()), true, actor);

        assertThat(settled.bookingId()).isEqualTo(UUID.fromString(booking.id()));
        assertThat(settled.status()).isEqualTo(PaymentStatus.WAIVED);
        assertThat(settled.amountMinor()).isEqualTo(IN_PERSON_FEE);
        assertThatThrownBy(() -> payments.settleCash(UUID.randomUUID(), false, actor))
                .isInstanceOfSatisfying(MedbookException.class, e -> assertThat(e.kind()).isEqualTo(ProblemKind.NOT_FOUND));
    }
}
