package org.medbook.identity.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.medbook.identity.application.PasskeyProperties;
import org.medbook.identity.domain.Base32;
import org.medbook.identity.domain.Totp;
import org.medbook.support.Api;
import org.medbook.support.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An administrator erases a doctor's or a staff member's account on request: future bookings are
 * cancelled and refunded to the patients, the profile leaves the public site, nothing names the person
 * any more (every table is scanned), no second factor of theirs is kept, the accounts and the audit trail
 * stay, and sign-in is over.
 */
class StaffErasureTests extends PrivacyTestSupport {

    @Autowired
    PasskeyProperties passkeys;

    @Test
    void erasingADoctorCancelsAndRefundsTheirFutureBookingsUnpublishesTheProfileAndLeavesNothingThatNamesThem()
            throws Exception {
        clock.setTo(Instant.parse("2032-02-03T05:00:00Z"));
        String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong());
        String name = "Dr. Quinn Eraso-" + suffix;
        String phone = "+4930" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
        Doctor doctor = namedBookableDoctor(name, phone);
        String doctorToken = staffLogin(doctor.email(), doctor.password());
        Person patient = namedPatient("of-erased-doctor");

        // a visit that took place, reviewed by the patient (naming the doctor) and answered by the doctor
        LocalDate day = berlinDay(1);
        String visit = booked(patient.patient(), doctor.id(), at(day, 7, 0), "IN_PERSON", "CASH");
        advanceTo(instant(at(day, 7, 45)));
        doctorToken = staffLogin(doctor.email(), doctor.password());
        assertThat(doctorAction(doctorToken, visit, "complete").status()).isEqualTo(200);
        String token = patient.patient().signIn();
        Api.Response reviewed = api.post(BOOKINGS + "/" + visit + "/review",
                body("rating", 5, "text", "Thank you, " + name + ", for your patience"), token);
        assertThat(reviewed.status()).as(reviewed.toString()).isEqualTo(201);
        String review = reviewed.text("id");
        Api.Response replied = api.post("/api/v1/doctor/reviews/" + review + "/reply",
                body("text", "Kind regards, " + name), doctorToken);
        assertThat(replied.status()).as(replied.toString()).isEqualTo(200);

        // two future bookings: one in cash, one paid online
        String cash = booked(patient.patient(), doctor.id(), at(berlinDay(3), 8, 0), "IN_PERSON", "CASH");
        PaidBooking paid = paidStripeBooking(patient.patient(), doctor.id(), at(berlinDay(4), 15, 0));
        awaitPaymentStatus(token, paid.id(), "CAPTURED");
        Api.Response opened = api.post("/api/v1/conversations", Map.of("doctorId", doctor.id()), token);
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        String conversation = opened.text("id");
        assertThat(api.post("/api/v1/conversations/" + conversation + "/messages",
                Map.of("clientMessageId", "dq-1", "body", "Best wishes, " + name), doctorToken).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> inbox(token).stream()
                .anyMatch(n -> n.path("body").asString().contains(name)));
        await().atMost(Duration.ofSeconds(20)).until(() -> count(
                "SELECT count(*) FROM search_doctors WHERE doctor_id = ?", UUID.fromString(doctor.id())) == 1);
        List<String> needles = List.of(doctor.email(), name, phone);
        assertThat(columnsHolding(needles)).as("the scan finds the doctor before the erasure")
                .contains("users.email", "doctors.name", "reviews.text", "reviews.reply_text");
        await().atMost(Duration.ofSeconds(20)).until(() -> count(
                "SELECT count(*) FROM notification_events WHERE strpos(payload::text, ?) > 0", doctor.id()) == 0);

        stubRefunds();
        String admin = adminToken();
        String adminId = api.get("/api/v1/me", admin).text("id");
        Api.Response erased = api.post("/api/v1/admin/users/" + doctor.id() + "/erasure", null, admin);
        assertThat(erased.status()).as(erased.toString()).isEqualTo(204);

        // future bookings: cancelled by the system, the online one refunded in full; the patient is told
        UUID doctorId = UUID.fromString(doctor.id());
        assertThat(count("SELECT count(*) FROM appointments WHERE doctor_id = ? AND status = 'CANCELLED'"
                + " AND cancelled_by = 'SYSTEM'", doctorId)).isEqualTo(2);
        awaitStripeRefund(paid.intent(), VIDEO_FEE);
        await().atMost(Duration.ofSeconds(20)).until(() -> inbox(token).stream()
                .filter(n -> n.path("kind").asString().equals("BOOKING_CANCELLED"))
                .filter(n -> List.of(cash, paid.id()).contains(n.path("data").path("bookingId").asString())).count() == 2);
        awaitRefundRequestsHandled(cash);
        awaitRefundRequestsHandled(paid.id());
        // kept for the accounts and as evidence
        assertThat(count("SELECT count(*) FROM payments WHERE doctor_id = ?", doctorId)).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM appointments WHERE id = ? AND status = 'COMPLETED'",
                UUID.fromString(visit))).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_events WHERE target = ? AND action = 'user.erased' AND actor_id = ?",
                "user:" + doctor.id(), UUID.fromString(adminId))).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_events WHERE actor_id = ?", doctorId)).isPositive();

        // the profile is gone from the public site and from search, and cannot be brought back
        assertThat(api.get("/api/v1/doctors/" + doctor.id(), null).status()).isEqualTo(404);
        await().atMost(Duration.ofSeconds(20)).until(() -> count(
                "SELECT count(*) FROM search_doctors WHERE doctor_id = ?", doctorId) == 0);
        Api.Response reinstated = api.post("/api/v1/admin/doctors/" + doctor.id() + "/reinstate", null, admin);
        assertThat(reinstated.status()).as(reinstated.toString()).isEqualTo(422);
        assertThat(reinstated.problem()).isEqualTo("doctor-erased");
        // the review keeps its rating, hidden, without the text and the reply; the conversation is closed
        assertThat(count("SELECT count(*) FROM reviews WHERE id = ? AND rating = 5 AND text IS NULL AND reply_text IS NULL"
                + " AND hidden", UUID.fromString(review))).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM conversations WHERE id = ? AND status = 'CLOSED'",
                UUID.fromString(conversation))).isEqualTo(1);

        // sign-in is over
        assertThat(api.get("/api/v1/me", doctorToken).status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/login", Map.of("email", doctor.email(), "password", doctor.password()))
                .status()).isEqualTo(401);
        assertThat(columnsHolding(needles)).as("columns still holding the e-mail, name or phone; notifications naming "
                + "the doctor: %s", notificationsNaming(name)).isEmpty();
    }

    @Test
    void erasingAStaffMemberRemovesTheirPersonalFieldsEndsTheirSessionsAndKeepsTheTrail() throws Exception {
        String name = "Helga Helper-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        String email = uniqueEmail("erased-helper");
        String admin = adminToken();
        Api.Response created = api.post("/api/v1/admin/staff",
                Map.of("email", email, "name", name, "role", "HELPER", "permissions", List.of("users:read")), admin);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String helperId = created.text("id");
        String password = "Helper passphrase " + email;
        String helper = activateStaff(email, temporaryPassword(email, 1), password).text("accessToken");
        assertThat(api.get("/api/v1/admin/users?size=5", helper).status()).isEqualTo(200);
        // second factors: an authenticator with its recovery codes, a passkey named after them, a registration
        // never answered and a sign-in waiting for its second step
        String secret = api.post("/api/v1/me/mfa/totp", null, helper).text("secret");
        Api.Response confirmed = api.post("/api/v1/me/mfa/totp/confirm", Map.of("code",
                Totp.AUTHENTICATOR.code(Base32.decode(secret), Totp.AUTHENTICATOR.step(clock.instant()))), helper);
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        SoftwareAuthenticator authenticator = new SoftwareAuthenticator();
        String origin = passkeys.origins().getFirst();
        Api.Response options = api.post("/api/v1/me/mfa/passkeys/options", null, helper);
        assertThat(api.post("/api/v1/me/mfa/passkeys", Map.of("ceremonyId", options.text("ceremonyId"),
                "label", "Laptop of " + name, "credential", authenticator.create(options.body().path("publicKey"), origin)),
                helper).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/me/mfa/passkeys/options", null, helper).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/auth/login", Map.of("email", email, "password", password)).problem())
                .isEqualTo("mfa-required");
        assertThat(columnsHolding(List.of(email, name))).contains("users.email", "users.name", "staff_passkeys.label");
        assertThat(secondFactorRowsOf(helperId)).as("the scan finds every kind of second-factor row before the erasure")
                .containsOnlyKeys("mfa_challenges", "passkey_ceremonies", "staff_passkey_users", "staff_passkeys",
                        "staff_recovery_codes", "staff_totp");

        Api.Response erased = api.post("/api/v1/admin/users/" + helperId + "/erasure", null, admin);

        assertThat(erased.status()).as(erased.toString()).isEqualTo(204);
        assertThat(api.get("/api/v1/admin/users?size=5", helper).status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/login", Map.of("email", email, "password", password)).status()).isEqualTo(401);
        assertThat(count("SELECT count(*) FROM users WHERE id = ? AND email IS NULL AND name IS NULL AND password_hash IS NULL"
                + " AND status = 'SUSPENDED' AND erased_at IS NOT NULL", UUID.fromString(helperId))).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_events WHERE actor_id = ?", UUID.fromString(helperId)))
                .as("what the helper did stays in the trail").isPositive();
        assertThat(columnsHolding(List.of(email, name))).isEmpty();
        assertThat(secondFactorRowsOf(helperId)).as("second factors, ceremonies and sign-ins kept for the erased helper")
                .isEmpty();
    }

    @Test
    void onlyAnotherAdministratorErasesStaffAndNeverTheirOwnAccount() {
        String admin = adminToken();
        String adminId = api.get("/api/v1/me", admin).text("id");
        StaffAccount other = newStaffAccount("ADMIN", List.of());
        String manager = helperToken(List.of("users:manage"));
        String managerId = api.get("/api/v1/me", manager).text("id");

        Api.Response byHelper = api.post("/api/v1/admin/users/" + other.id() + "/erasure", null, manager);
        assertThat(byHelper.status()).isEqualTo(403);
        assertThat(byHelper.problem()).isEqualTo("forbidden");
        Api.Response own = api.post("/api/v1/admin/users/" + adminId + "/erasure", null, admin);
        assertThat(own.status()).isEqualTo(422);
        assertThat(own.problem()).isEqualTo("self-erasure");
        Api.Response ownAsHelper = api.post("/api/v1/admin/users/" + managerId + "/erasure", null, manager);
        assertThat(ownAsHelper.status()).isEqualTo(422);
        Api.Response selfService = api.post("/api/v1/me/erasure", Map.of("code", "123456"), admin);
        assertThat(selfService.status()).isEqualTo(422);
        assertThat(selfService.problem()).isEqualTo("staff-account");
        assertThat(api.get("/api/v1/me", admin).status()).isEqualTo(200);

        Api.Response erased = api.post("/api/v1/admin/users/" + other.id() + "/erasure", null, admin);
        assertThat(erased.status()).as("another administrator may be erased").isEqualTo(204);
    }

    /**
     * Rows holding {@code userId} in every table of the second factors and the sign-ins and ceremonies that
     * lead to them (whatever their name starts with: staff_, passkey_, mfa_), per table; a table added there
     * later is scanned too.
     */
    private static Map<String, Long> secondFactorRowsOf(String userId) throws SQLException {
        Map<String, Long> found = new TreeMap<>();
        try (Connection connection = TestDatabase.connect()) {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("""
                    SELECT c.table_name FROM information_schema.columns c
                    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                    WHERE c.table_schema = ? AND t.table_type = 'BASE TABLE' AND c.column_name = 'user_id'
                      AND (c.table_name LIKE 'staff\\_%' OR c.table_name LIKE 'passkey\\_%' OR c.table_name LIKE 'mfa\\_%')
                    ORDER BY 1
                    """)) {
                query.setString(1, TestDatabase.SCHEMA);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        tables.add(rows.getString(1));
                    }
                }
            }
            for (String table : tables) {
                try (PreparedStatement query = connection.prepareStatement(
                        "SELECT count(*) FROM " + TestDatabase.SCHEMA + ".\"" + table + "\" WHERE user_id = ?")) {
                    query.setObject(1, UUID.fromString(userId));
                    try (ResultSet rows = query.executeQuery()) {
                        rows.next();
                        if (rows.getLong(1) > 0) {
                            found.put(table, rows.getLong(1));
                        }
                    }
                }
            }
        }
        return found;
    }

    private Doctor namedBookableDoctor(String name, String phone) {
        NewDoctor doctor = createDoctor(Map.of("name", name, "phone", phone));
        String token = doctorToken(doctor);
        Api.Response schedule = api.put("/api/v1/doctor/availability",
                Map.of("weeklyRules", everyDayRules(doctor.locationId()), "minimumNoticeMinutes", 0, "horizonDays", 90),
                token);
        assertThat(schedule.status()).as(schedule.toString()).isEqualTo(200);
        Api.Response timeOff = api.post("/api/v1/doctor/time-off", Map.of("start", at(berlinDay(20), 6, 0),
                "end", at(berlinDay(21), 22, 0), "reason", "Congress"), token);
        assertThat(timeOff.status()).as(timeOff.toString()).isIn(200, 201);
        verifyDoctor(doctor.id());
        return new Doctor(doctor.id(), doctor.email(), "Doctor passphrase " + doctor.email());
    }

    /** A doctor past the first sign-in: the password they chose. */
    private record Doctor(String id, String email, String password) {
    }
}
