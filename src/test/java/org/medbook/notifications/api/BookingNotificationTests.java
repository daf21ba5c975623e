package org.medbook.notifications.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.medbook.booking.application.HoldExpiry;
import org.medbook.support.Api;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Who hears what about a booking, in the inbox, by e-mail and by SMS. */
class BookingNotificationTests extends NotificationTestSupport {

    @Autowired
    private HoldExpiry holdExpiry;

    @Test
    void aCashBookingTellsThePatientAndTheDoctorInAppAndByEmail() {
        NewDoctor doctor = bookableDoctor();
        String doctorToken = doctorLogin(doctor);
        Patient patient = newPatient("cash");
        api.patch("/api/v1/me", Map.of("name", "Paula Patient"), patient.token);
        String start = freeSlots(doctor.id(), "IN_PERSON", 7).get(0);
        String bookingId = booked(patient, doctor.id(), start, "IN_PERSON", "CASH");

        JsonNode mine = awaitNotification(patient.token, "BOOKING_CONFIRMED");
        assertThat(mine.path("category").asString()).isEqualTo("BOOKINGS");
        assertThat(mine.path("title").asString()).isEqualTo("Booking confirmed");
        assertThat(mine.path("body").asString()).contains("Dr. Anna Müller", "(Europe/Berlin)",
                "Friedrichstr. 100", "Please pay €60.00 in cash at the practice.");
        assertThat(mine.path("data").path("bookingId").asString()).isEqualTo(bookingId);
        assertThat(mine.has("readAt")).isFalse();

        JsonNode doctors = awaitNotification(doctorToken, "BOOKING_CONFIRMED");
        assertThat(doctors.path("body").asString()).startsWith("New booking: Paula Patient").doesNotContain("cash");
        awaitMail(patient.email, "Booking confirmed");
        awaitMail(doctor.email(), "Booking confirmed");
        assertThat(unreadCount(patient.token)).isEqualTo(1);
    }

    @Test
    void notificationsAreReadOneByOneOrAllAtOnceAndOnlyByTheirRecipient() {
        NewDoctor doctor = bookableDoctor();
        Patient patient = newPatient("reader");
        List<String> starts = freeSlots(doctor.id(), "IN_PERSON", 7);
        booked(patient, doctor.id(), starts.get(0), "IN_PERSON", "CASH");
        booked(patient, doctor.id(), starts.get(1), "IN_PERSON", "CASH");
        await().atMost(Duration.ofSeconds(15)).until(() -> unreadCount(patient.token) == 2);

        String first = inbox(patient.token).get(0).path("id").asString();
        Patient stranger = newPatient("stranger");
        assertThat(api.post("/api/v1/notifications/" + first + "/read", null, stranger.token).problem()).isEqualTo("not-found");
        assertThat(api.post("/api/v1/notifications/" + first + "/read", null, patient.token).status()).isEqualTo(204);
        assertThat(api.post("/api/v1/notifications/" + first + "/read", null, patient.token).status()).isEqualTo(204);
        assertThat(unreadCount(patient.token)).isEqualTo(1);
        Api.Response unread = api.get("/api/v1/notifications?unread=true", patient.token);
        assertThat(unread.body().path("totalItems").asLong()).isEqualTo(1);
        assertThat(unread.body().path("items").get(0).path("id").asString()).isNotEqualTo(first);
        assertThat(inbox(patient.token).get(0).path("readAt").isMissingNode()).isFalse();

        Api.Response all = api.post("/api/v1/notifications/read-all", null, patient.token);
        assertThat(all.body().path("marked").asInt()).isEqualTo(1);
        assertThat(unreadCount(patient.token)).isZero();
        Api.Response everything = api.get("/api/v1/notifications?size=1", patient.token);
        assertThat(everything.body().path("totalItems").asLong()).isEqualTo(2);
        assertThat(everything.body().path("items").size()).isEqualTo(1);
        assertThat(api.get("/api/v1/notifications?unread=true", patient.token).body().path("totalItems").asLong()).isZero();
        assertThat(api.get("/api/v1/notifications", null).status()).isEqualTo(401);
    }

    @Test
    void aPatientsCancellationTellsTheDoctorAndADoctorsCancellationTellsThePatientAlsoBySms() {
        NewDoctor doctor = bookableDoctor();
        String doctorToken = doctorLogin(doctor);
        PhonePatient patient = phonePatient();
        List<String> starts = freeSlots(doctor.id(), "IN_PERSON", 7);
        String byPatient = booked(patient.token(), doctor.id(), starts.get(0));
        String byDoctor = booked(patient.token(), doctor.id(), starts.get(1));
        awaitNotification(doctorToken, "BOOKING_CONFIRMED");

        assertThat(cancel(patient.token(), byPatient, "feeling better").status()).isEqualTo(200);
        JsonNode doctorsNotice = awaitNotification(doctorToken, "BOOKING_CANCELLED");
        assertThat(doctorsNotice.path("body").asString()).contains("was cancelled", "Reason: feeling better");

        assertThat(cancel(doctorToken, byDoctor, "ill").status()).isEqualTo(200);
        JsonNode patientsNotice = awaitNotification(patient.token(), "BOOKING_CANCELLED");
        assertThat(patientsNotice.path("data").path("bookingId").asString()).isEqualTo(byDoctor);
        assertThat(inbox(patient.token()).stream().filter(n -> n.path("kind").asString().equals("BOOKING_CANCELLED")))
                .as("the patient is not told about their own cancellation").hasSize(1);
        await().atMost(Duration.ofSeconds(15)).until(() -> textsTo(patient.phone()).stream()
                .anyMatch(text -> text.contains("Booking cancelled")));
    }

    @Test
    void theBackOfficeCancellingTellsBothAndAMoveByTheDoctorTellsThePatientTheOldAndNewTime() {
        NewDoctor doctor = bookableDoctor();
        String doctorToken = doctorLogin(doctor);
        Patient patient = newPatient("moved");
        List<String> starts = freeSlots(doctor.id(), "IN_PERSON", 7);
        String moved = booked(patient, doctor.id(), starts.get(0), "IN_PERSON", "CASH");
        String cancelled = booked(patient, doctor.id(), starts.get(1), "IN_PERSON", "CASH");

        assertThat(reschedule(doctorToken, moved, starts.get(2)).status()).isEqualTo(200);
        JsonNode notice = awaitNotification(patient.token, "BOOKING_RESCHEDULED");
        assertThat(notice.path("body").asString()).contains("moved from", " to ");
        assertThat(notice.path("data").path("oldStart").asString()).isEqualTo(instant(starts.get(0)).toString());
        assertThat(notice.path("data").path("start").asString()).isEqualTo(instant(starts.get(2)).toString());
        assertThat(kinds(doctorToken)).doesNotContain("BOOKING_RESCHEDULED");

        String staff = helperToken(List.of("bookings:manage"));
        assertThat(cancel(staff, cancelled, "clinic closed").status()).isEqualTo(200);
        awaitNotification(patient.token, "BOOKING_CANCELLED");
        awaitNotification(doctorToken, "BOOKING_CANCELLED");
    }

    @Test
    void approvalIsAskedOfTheDoctorAndItsAnswerToldToThePatient() {
        NewDoctor doctor = bookableDoctor();
        String doctorToken = doctorLogin(doctor);
        assertThat(setPolicy(doctorToken, 24, true).status()).isEqualTo(200);
        Patient patient = newPatient("approval");
        List<String> starts = freeSlots(doctor.id(), "IN_PERSON", 7);
        String approved = booked(patient, doctor.id(), starts.get(0), "IN_PERSON", "CASH");
        String declined = booked(patient, doctor.id(), starts.get(1), "IN_PERSON", "CASH");
        await().atMost(Duration.ofSeconds(15)).until(() -> kinds(doctorToken).stream()
                .filter("BOOKING_AWAITING_APPROVAL"::equals).count() == 2);

        assertThat(doctorAction(doctorToken, approved, "approve").status()).isEqualTo(200);
        JsonNode yes = awaitNotification(patient.token, "BOOKING_APPROVED");
        assertThat(yes.path("data").path("bookingId").asString()).isEqualTo(approved);
        assertThat(api.post(DOCTOR_BOOKINGS + "/" + declined + "/decline", Map.of("reason", "fully booked"), doctorToken)
                .status()).isEqualTo(200);
        JsonNode no = awaitNotification(patient.token, "BOOKING_DECLINED");
        assertThat(no.path("body").asString()).contains("Reason: fully booked");
        assertThat(kinds(patient.token)).doesNotContain("BOOKING_CONFIRMED");
    }

    @Test
    void anOnlineHoldAsksForPaymentThenPaymentAndRefundAreToldAndAnExpiredHoldIsToo() {
        NewDoctor doctor = bookableDoctor();
        Patient patient = newPatient("online");
        java.time.Instant now = clock.instant();
        List<String> starts = freeSlots(doctor.id(), "VIDEO", 7).stream()
                .filter(s -> instant(s).isAfter(now.plus(Duration.ofHours(48)))).toList();
        PaidBooking paid = paidStripeBooking(patient, doctor.id(), starts.get(0));
        JsonNode held = awaitNotification(patient.token, "BOOKING_HELD");
        assertThat(held.path("body").asString()).contains("Pay €45.00 before");
        JsonNode received = awaitNotification(patient.token, "PAYMENT_RECEIVED");
        assertThat(received.path("body").asString()).contains("We received €45.00");
        awaitNotification(patient.token, "BOOKING_CONFIRMED");

        stubRefunds();
        assertThat(cancel(patient.token, paid.id(), null).status()).isEqualTo(200);
        awaitStripeRefund(paid.intent(), VIDEO_FEE);
        JsonNode refunded = awaitNotification(patient.token, "PAYMENT_REFUNDED");
        assertThat(refunded.path("body").asString()).contains("€45.00");

        nextStripeIntent();
        Api.Response unpaid = book(patient, doctor.id(), starts.get(1), "VIDEO", "STRIPE");
        assertThat(unpaid.status()).as(unpaid.toString()).isEqualTo(201);
        clock.advance(Duration.ofMinutes(11));
        holdExpiry.expireHolds();
        patient.signIn();
        JsonNode expired = awaitNotification(patient.token, "HOLD_EXPIRED");
        assertThat(expired.path("data").path("bookingId").asString()).isEqualTo(unpaid.text("id"));
    }

    @Test
    void aFailedPaymentAndMoneyArrivingAfterTheHoldExpiredAreToldToThePatient() {
        NewDoctor doctor = bookableDoctor();
        Patient patient = newPatient("latepay");
        java.time.Instant now = clock.instant();
        List<String> starts = freeSlots(doctor.id(), "VIDEO", 7).stream()
                .filter(s -> instant(s).isAfter(now.plus(Duration.ofHours(48)))).toList();

        String declinedCard = nextStripeIntent();
        assertThat(book(patient, doctor.id(), starts.get(0), "VIDEO", "STRIPE").status()).isEqualTo(201);
        stripeReports(declinedCard, "payment_intent.payment_failed", "requires_payment_method");
        JsonNode failed = awaitNotification(patient.token, "PAYMENT_FAILED");
        assertThat(failed.path("body").asString()).contains("did not go through");

        String late = nextStripeIntent();
        Api.Response held = book(patient, doctor.id(), starts.get(1), "VIDEO", "STRIPE");
        assertThat(held.status()).isEqualTo(201);
        clock.advance(Duration.ofMinutes(11));
        holdExpiry.expireHolds();
        stubRefunds();
        stripePaid(late);
        awaitStripeRefund(late, VIDEO_FEE);
        patient.signIn();
        JsonNode refunded = awaitNotification(patient.token, "LATE_PAYMENT_REFUNDED");
        assertThat(refunded.path("data").path("bookingId").asString()).isEqualTo(held.text("id"));
        assertThat(refunded.path("body").asString()).contains("arrived after the booking was released", "€45.00");
    }

    /** Stripe tells of an intent's new state by a signed webhook; the intent is re-read in that state. */
    private void stripeReports(String intent, String type, String state) {
        PROVIDERS.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/v1/payment_intents/" + intent))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"" + intent + "\",\"object\":\"payment_intent\",\"amount\":" + VIDEO_FEE
                                + ",\"currency\":\"eur\",\"status\":\"" + state + "\"}")));
        String event = "{\"id\":\"evt_" + java.util.UUID.randomUUID().toString().replace("-", "") + "\",\"object\":\"event\","
                + "\"type\":\"" + type + "\",\"data\":{\"object\":{\"id\":\"" + intent + "\",\"object\":\"payment_intent\"}}}";
        String signature = org.medbook.support.StripeTestSigner.header(event, "whsec_medbook_test",
                clock.instant().getEpochSecond());
        Api.Response delivered = api.send("POST", "/api/v1/webhooks/stripe", event, null, Map.of("Stripe-Signature", signature));
        assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
    }

    private String booked(String patientToken, String doctorId, String start) {
        Api.Response response = book(patientToken, doctorId, start, "IN_PERSON", "CASH", java.util.UUID.randomUUID().toString());
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.text("id");
    }
}
