package org.medbook.identity.api;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;
import org.medbook.support.TestDatabase;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ProfileTests extends IntegrationTest {

    @Test
    void aPatientEditsNameDateOfBirthAndLanguage() {
        String token = patientToken(uniqueEmail("edit"));

        Api.Response updated = api.patch("/api/v1/me",
                Map.of("name", "Ann Smith", "dateOfBirth", "1990-02-03", "preferredLanguage", "de"), token);

        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        Api.Response me = api.get("/api/v1/me", token);
        assertThat(me.text("name")).isEqualTo("Ann Smith");
        assertThat(me.text("dateOfBirth")).isEqualTo("1990-02-03");
        assertThat(me.text("preferredLanguage")).isEqualTo("de");
    }

    @Test
    void refusesAFutureDateOfBirthAndAMalformedLanguage() {
        String token = patientToken(uniqueEmail("future"));

        Api.Response future = api.patch("/api/v1/me", Map.of("dateOfBirth", "2999-01-01"), token);
        Api.Response language = api.patch("/api/v1/me", Map.of("preferredLanguage", "German"), token);
        Api.Response date = api.patch("/api/v1/me", Map.of("dateOfBirth", "03/02/1990"), token);

        assertThat(future.status()).isEqualTo(400);
        assertThat(future.body().path("errors").get(0).path("field").asString()).isEqualTo("dateOfBirth");
        assertThat(language.status()).isEqualTo(400);
        assertThat(language.body().path("errors").get(0).path("field").asString()).isEqualTo("preferredLanguage");
        assertThat(date.status()).isEqualTo(400);
        assertThat(date.body().path("errors").get(0).path("field").asString()).isEqualTo("dateOfBirth");
    }

    @Test
    void aNewPhoneNeedsTheCodeSentToItAndIsStoredOnlyEncrypted() throws Exception {
        String token = patientToken(uniqueEmail("phone"));
        String phone = "+4930" + (10_000_000 + Math.abs(UUID.randomUUID().hashCode() % 89_999_999));

        Api.Response withoutCode = api.patch("/api/v1/me", Map.of("phone", phone), token);
        assertThat(withoutCode.status()).isEqualTo(400);
        assertThat(withoutCode.body().path("errors").get(0).path("field").asString()).isEqualTo("phoneCode");

        assertThat(api.post("/api/v1/auth/otp", Map.of("channel", "SMS", "destination", phone)).status()).isEqualTo(202);
        String code = smsCodeTo(phone);
        String wrong = code.equals("000000") ? "111111" : "000000";
        Api.Response wrongCode = api.patch("/api/v1/me", Map.of("phone", phone, "phoneCode", wrong, "name", "Changed"), token);
        assertThat(wrongCode.status()).isEqualTo(422);
        assertThat(wrongCode.problem()).isEqualTo("otp-invalid");
        assertThat(api.get("/api/v1/me", token).text("name")).as("a refused change changes nothing").isNull();

        Api.Response changed = api.patch("/api/v1/me", Map.of("phone", phone, "phoneCode", code, "dateOfBirth", "1985-06-07"), token);
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.text("phone")).isEqualTo(phone);

        try (Connection db = TestDatabase.connect();
             PreparedStatement query = db.prepareStatement(
                     "SELECT phone_enc, phone_hash, date_of_birth_enc FROM users WHERE id = ?")) {
            query.setObject(1, UUID.fromString(changed.text("id")));
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                String stored = new String(row.getBytes("phone_enc"), StandardCharsets.ISO_8859_1)
                        + new String(row.getBytes("date_of_birth_enc"), StandardCharsets.ISO_8859_1);
                assertThat(stored).doesNotContain(phone.substring(1)).doesNotContain("1985-06-07");
                assertThat(row.getBytes("phone_hash")).hasSize(32);
            }
        }
    }

    @Test
    void theCurrentEmailSentAgainNeedsNoCodeAndAStaffEmailIsChangedOnlyByAnAdministrator() {
        String email = uniqueEmail("same");
        String token = patientToken(email);
        Api.Response same = api.patch("/api/v1/me", Map.of("email", email.toUpperCase(), "name", "Same Address"), token);
        assertThat(same.status()).as(same.toString()).isEqualTo(200);
        assertThat(same.text("email")).isEqualTo(email);
        assertThat(same.text("name")).isEqualTo("Same Address");

        StaffAccount staff = newStaffAccount("HELPER", java.util.List.of());
        String staffToken = activateStaff(staff.email(), staff.temporaryPassword(), "Own address passphrase")
                .text("accessToken");
        Api.Response managed = api.patch("/api/v1/me", Map.of("email", uniqueEmail("moved"), "emailCode", "123456"),
                staffToken);
        assertThat(managed.status()).as(managed.toString()).isEqualTo(422);
        assertThat(managed.problem()).isEqualTo("staff-email-managed");
        assertThat(api.get("/api/v1/me", staffToken).text("email")).isEqualTo(staff.email());
    }

    @Test
    void aChangedPhoneIsAuditedOnTheAccountWithItsChannel() {
        String token = patientToken(uniqueEmail("audited-phone"));
        String userId = api.get("/api/v1/me", token).text("id");
        String phone = "+4969" + (10_000_000 + Math.abs(UUID.randomUUID().hashCode() % 89_999_999));
        assertThat(api.post("/api/v1/auth/otp", Map.of("channel", "SMS", "destination", phone)).status()).isEqualTo(202);
        assertThat(api.patch("/api/v1/me", Map.of("phone", phone, "phoneCode", smsCodeTo(phone)), token).status())
                .isEqualTo(200);

        String admin = adminToken();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Api.Response audit = api.get("/api/v1/admin/audit?action=contact.changed&target=user:" + userId, admin);
            assertThat(audit.body().path("items").size()).as(audit.toString()).isEqualTo(1);
            assertThat(audit.body().path("items").get(0).path("details").path("channel").asString()).isEqualTo("SMS");
        });
    }

    @Test
    void aPhoneOfAnotherAccountIsRefused() {
        String phone = "+4940" + (10_000_000 + Math.abs(UUID.randomUUID().hashCode() % 89_999_999));
        assertThat(api.post("/api/v1/auth/otp", Map.of("channel", "SMS", "destination", phone)).status()).isEqualTo(202);
        assertThat(api.post("/api/v1/auth/otp/verify", Map.of("destination", phone, "code", smsCodeTo(phone))).status())
                .isEqualTo(200);
        String other = patientToken(uniqueEmail("other"));
        clock.advance(Duration.ofSeconds(61));
        assertThat(api.post("/api/v1/auth/otp", Map.of("channel", "SMS", "destination", phone)).status()).isEqualTo(202);

        Api.Response taken = api.patch("/api/v1/me", Map.of("phone", phone, "phoneCode", smsCodeTo(phone)), other);

        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.problem()).isEqualTo("destination-in-use");
    }

    @Test
    void theSamePhoneSignsIntoTheSameAccountAfterAnEmailAccountAddedIt() {
        String email = uniqueEmail("both");
        String token = patientToken(email);
        String phone = "+4989" + (10_000_000 + Math.abs(UUID.randomUUID().hashCode() % 89_999_999));
        api.post("/api/v1/auth/otp", Map.of("channel", "SMS", "destination", phone));
        Map<String, Object> change = new HashMap<>(Map.of("phone", phone, "phoneCode", smsCodeTo(phone)));
        String id = api.patch("/api/v1/me", change, token).text("id");
        clock.advance(Duration.ofSeconds(61));

        api.post("/api/v1/auth/otp", Map.of("channel", "SMS", "destination", phone));
        Api.Response byPhone = api.post("/api/v1/auth/otp/verify", Map.of("destination", phone, "code", smsCodeTo(phone)));

        assertThat(byPhone.body().path("user").path("id").asString()).isEqualTo(id);
        assertThat(byPhone.body().path("newUser").asBoolean()).isFalse();
    }

    private static String smsCodeTo(String phone) {
        java.util.List<LoggedRequest> sent = PROVIDERS.findAll(postRequestedFor(urlPathMatching("/2010-04-01/Accounts/.*/Messages.json")));
        String last = null;
        for (LoggedRequest request : sent) {
            String form = java.net.URLDecoder.decode(request.getBodyAsString(), StandardCharsets.UTF_8);
            if (form.contains("To=" + phone)) {
                last = form;
            }
        }
        assertThat(last).as("an SMS to %s", phone).isNotNull();
        return codeIn(last);
    }
}
