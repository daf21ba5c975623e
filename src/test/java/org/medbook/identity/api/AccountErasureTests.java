package org.medbook.identity.api;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AccountErasureTests extends PrivacyTestSupport {

    @Test
    void erasureRemovesThePersonFromEveryTableKeepsTheAccountsAndCancelsAndRefundsFutureBookings() throws Exception {
        Person erin = namedPatient("erin");
        String phone = provePhone(erin);
        String cash = cashBooking(erin);
        PaidBooking paid = paidStripeBooking(erin.patient(), doctor().id(), videoSlot());
        awaitPaymentStatus(erin.token(), paid.id(), "CAPTURED");
        String conversation = chatWithPdf(erin, "Erin's private question about her medication");
        String doctorToken = staffLogin(doctor().email(), doctor().temporaryPassword());
        await().atMost(Duration.ofSeconds(15)).until(() -> inbox(doctorToken).stream()
                .anyMatch(n -> n.path("body").asString().contains(erin.name())));
        List<String> needles = List.of(erin.email(), erin.name(), phone);
        assertThat(columnsHolding(needles)).as("the scan finds the person before the erasure").contains("users.email");

        stubRefunds();
        clock.advance(Duration.ofSeconds(61));
        String code = requestEmailCode(erin.email());
        String wrong = code.equals("000000") ? "111111" : "000000";
        Api.Response refused = api.post("/api/v1/me/erasure", Map.of("code", wrong), erin.token());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.problem()).isEqualTo("otp-invalid");
        assertThat(api.get("/api/v1/me", erin.token()).text("name")).as("a wrong code erases nothing").isEqualTo(erin.name());

        // Every notice about Erin's bookings, payment and message is fanned out before the erasure: one whose
        // fan-out read her name just before the erasure committed could still be written after it (documented)
        await().atMost(Duration.ofSeconds(20)).until(() -> count(
                "SELECT count(*) FROM notification_events WHERE strpos(payload::text, ?) > 0", erin.id().toString()) == 0);
        Api.Response erased = api.post("/api/v1/me/erasure", Map.of("code", code), erin.token());
        assertThat(erased.status()).as(erased.toString()).isEqualTo(204);

        // future bookings: cancelled by the system, the Stripe one refunded in full, cash had nothing to refund
        assertThat(count("SELECT count(*) FROM appointments WHERE patient_id = ? AND status = 'CANCELLED'"
                + " AND cancelled_by = 'SYSTEM'", erin.id())).isEqualTo(2);
        awaitStripeRefund(paid.intent(), VIDEO_FEE);
        awaitRefundRequestsHandled(cash);
        assertThat(count("SELECT count(*) FROM payments WHERE booking_id = ? AND refunded_minor = 0",
                UUID.fromString(cash))).isEqualTo(1);
        // kept for the accounts
        assertThat(count("SELECT count(*) FROM payments WHERE patient_id = ?", erin.id())).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM payment_ledger l JOIN payments p ON p.id = l.payment_id"
                + " WHERE p.patient_id = ?", erin.id())).isPositive();
        assertThat(count("SELECT count(*) FROM audit_events WHERE target = ? AND action = 'user.erased'"
                + " AND actor_id = ?", "user:" + erin.id(), erin.id())).isEqualTo(1);
        // the doctor hears of both cancellations; then nothing about the person is left anywhere
        await().atMost(Duration.ofSeconds(20)).until(() -> inbox(doctorToken).stream()
                .filter(n -> n.path("kind").asString().equals("BOOKING_CANCELLED"))
                .filter(n -> List.of(cash, paid.id()).contains(n.path("data").path("bookingId").asString())).count() == 2);
        awaitRefundRequestsHandled(paid.id());
        assertThat(columnsHolding(needles)).as("columns still holding the e-mail, name or phone; notifications naming "
                + "the person: %s", notificationsNaming(erin.name())).isEmpty();
        assertThat(count("SELECT count(*) FROM users WHERE id = ? AND phone_hash IS NULL AND phone_enc IS NULL"
                + " AND date_of_birth_enc IS NULL AND erased_at IS NOT NULL", erin.id())).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM notifications WHERE recipient_id = ?", erin.id())).isZero();
        assertThat(count("SELECT count(*) FROM chat_attachment_contents c JOIN chat_attachments a ON a.id = c.attachment_id"
                + " WHERE a.conversation_id = ?", UUID.fromString(conversation))).isZero();
        Api.Response messages = api.get("/api/v1/conversations/" + conversation + "/messages", doctorToken);
        assertThat(messages.status()).as(messages.toString()).isEqualTo(200);
        assertThat(messages.body().path("items").valueStream().map(m -> m.path("body").asString()))
                .isNotEmpty().allMatch(String::isEmpty);

        // sign-in is over: the token is refused, and the same address starts a new, empty account
        assertThat(api.get("/api/v1/me", erin.token()).status()).isEqualTo(401);
        clock.advance(Duration.ofSeconds(61));
        String fresh = patientToken(erin.email());
        Api.Response me = api.get("/api/v1/me", fresh);
        assertThat(me.text("id")).isNotEqualTo(erin.id().toString());
        assertThat(me.text("name")).isNull();
    }

    @Test
    void aReviewKeepsItsRatingButLosesItsTextAndItsAuthor() throws Exception {
        clock.setTo(Instant.parse("2031-06-03T05:00:00Z"));
        Person rita = namedPatient("rita");
        LocalDate day = berlinDay(1);
        String visit = booked(rita.patient(), doctor().id(), at(day, 7, 0), "IN_PERSON", "CASH");
        advanceTo(instant(at(day, 7, 45)));
        Api.Response completed = doctorAction(staffLogin(doctor().email(), doctor().temporaryPassword()), visit, "complete");
        assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
        String token = rita.patient().signIn();
        Api.Response reviewed = api.post(BOOKINGS + "/" + visit + "/review",
                body("rating", 5, "text", "Thank you, from " + rita.name()), token);
        assertThat(reviewed.status()).as(reviewed.toString()).isEqualTo(201);

        clock.advance(Duration.ofSeconds(61));
        String code = requestEmailCode(rita.email());
        assertThat(api.post("/api/v1/me/erasure", Map.of("code", code), token).status()).isEqualTo(204);

        assertThat(count("SELECT count(*) FROM reviews WHERE booking_id = ? AND rating = 5 AND text IS NULL"
                + " AND anonymous", UUID.fromString(visit))).isEqualTo(1);
        assertThat(columnsHolding(List.of(rita.name(), rita.email()))).isEmpty();
    }

    @Test
    void aPatientKnownOnlyByTheirPhoneConfirmsTheErasureWithACodeTextedThere() {
        String phone = "+49152" + (10_000_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(89_999_999));
        String token = api.post("/api/v1/auth/otp/verify", Map.of("destination", phone, "code", textedCode(phone, 1)))
                .text("accessToken");
        assertThat(api.get("/api/v1/me", token).text("phone")).isEqualTo(phone);

        clock.advance(Duration.ofSeconds(61));
        Api.Response erased = api.post("/api/v1/me/erasure", Map.of("code", textedCode(phone, 2)), token);

        assertThat(erased.status()).as(erased.toString()).isEqualTo(204);
        assertThat(api.get("/api/v1/me", token).status()).isEqualTo(401);
    }

    /** Asks for a code by text message and returns it, once the {@code nth} text to the phone has arrived. */
    private String textedCode(String phone, int nth) {
        assertThat(api.post("/api/v1/auth/otp", Map.of("channel", "SMS", "destination", phone)).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> textsTo(phone).size() >= nth);
        return codeIn(textsTo(phone).get(nth - 1));
    }

    @Test
    void ownErasureNeedsACode() {
        Person patient = namedPatient("nocode");
        Api.Response missing = api.post("/api/v1/me/erasure", Map.of(), patient.token());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(api.post("/api/v1/me/erasure", Map.of("code", "123456"), null).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/me", patient.token()).status()).isEqualTo(200);
    }

    @Test
    void staffEraseAPatientOnlyWithUsersManageAndTheErasureIsAudited() throws Exception {
        Person patient = namedPatient("byoffice");
        String path = "/api/v1/admin/users/" + patient.id() + "/erasure";
        String reader = helperToken(List.of("users:read"));
        assertThat(api.post(path, null, reader).status()).isEqualTo(403);
        assertThat(api.post(path, null, patient.token()).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/me", patient.token()).status()).isEqualTo(200);

        String manager = helperToken(List.of("users:manage"));
        String managerId = api.get("/api/v1/me", manager).text("id");
        Api.Response erased = api.post(path, null, manager);

        assertThat(erased.status()).as(erased.toString()).isEqualTo(204);
        assertThat(api.get("/api/v1/me", patient.token()).status()).isEqualTo(401);
        assertThat(count("SELECT count(*) FROM users WHERE id = ? AND email IS NULL AND name IS NULL", patient.id()))
                .isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT count(*) FROM audit_events WHERE target = ?"
                + " AND action = 'user.erased' AND actor_id = ?", "user:" + patient.id(), UUID.fromString(managerId)) == 1);
        Api.Response staff = api.post("/api/v1/admin/users/" + doctor().id() + "/erasure", null, manager);
        assertThat(staff.status()).as("only administrators erase doctors and staff").isEqualTo(403);
        assertThat(staff.problem()).isEqualTo("forbidden");
    }

    private String provePhone(Person person) {
        String phone = "+49151" + (10_000_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(89_999_999));
        assertThat(api.post("/api/v1/auth/otp", Map.of("channel", "SMS", "destination", phone)).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> !textsTo(phone).isEmpty());
        List<String> texts = textsTo(phone);
        Api.Response changed = api.patch("/api/v1/me", Map.of("phone", phone, "phoneCode", codeIn(texts.get(texts.size() - 1))),
                person.token());
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        return phone;
    }

}
