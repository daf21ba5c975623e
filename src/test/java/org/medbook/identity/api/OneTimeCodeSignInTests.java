package org.medbook.identity.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;

import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OneTimeCodeSignInTests extends IntegrationTest {

    @Test
    void theFirstCorrectCodeCreatesAPatientAndTheNextSignInFindsIt() {
        String email = uniqueEmail("Ann").toUpperCase();

        Api.Response first = signInPatient(email);
        assertThat(first.body().path("newUser").asBoolean()).isTrue();
        assertThat(first.text("tokenType")).isEqualTo("Bearer");
        assertThat(first.body().path("expiresIn").asLong()).isBetween(1L, 900L);
        assertThat(first.text("refreshToken")).hasSizeGreaterThanOrEqualTo(22);
        assertThat(first.body().path("user").path("roles").toString()).isEqualTo("[\"PATIENT\"]");
        assertThat(first.header("Cache-Control")).contains("no-store");

        clock.advance(Duration.ofSeconds(61));
        Api.Response second = signInPatient(email.toLowerCase());
        assertThat(second.body().path("newUser").asBoolean()).isFalse();
        assertThat(second.body().path("user").path("id")).isEqualTo(first.body().path("user").path("id"));

        Api.Response me = api.get("/api/v1/me", second.text("accessToken"));
        assertThat(me.text("email")).isEqualTo(email.toLowerCase());
    }

    @Test
    void aWrongCodeAndEachSignInOfAKnownPatientAreAuditedOnTheirAccount() {
        String email = uniqueEmail("audited");
        String patient = "user:" + signInPatient(email).body().path("user").path("id").asString();
        clock.advance(Duration.ofSeconds(61));
        String code = requestEmailCode(email);
        Api.Response wrong = api.post("/api/v1/auth/otp/verify", Map.of("destination", email, "code", otherCode(code)));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/otp/verify", Map.of("destination", email, "code", code)).status()).isEqualTo(200);

        String admin = adminToken();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode failed = api.get("/api/v1/admin/audit?action=sign-in.failed&target=" + patient, admin).body().path("items");
            assertThat(failed.size()).as(failed.toString()).isEqualTo(1);
            assertThat(failed.get(0).path("details").path("method").asString()).isEqualTo("otp");
            assertThat(failed.get(0).path("details").path("reason").asString()).isEqualTo("otp-invalid");
            // the first sign-in (which registered the patient) and this one
            JsonNode signedIn = api.get("/api/v1/admin/audit?action=sign-in.succeeded&target=" + patient, admin).body()
                    .path("items");
            assertThat(signedIn.size()).as(signedIn.toString()).isEqualTo(2);
        });
    }

    private static String otherCode(String code) {
        return code.equals("000000") ? "000001" : "000000";
    }

    @Test
    void answersTheSameWhetherOrNotAnAccountExists() {
        String known = uniqueEmail("known");
        signInPatient(known);
        clock.advance(Duration.ofSeconds(61));
        Api.Response forKnown = api.from(newClientIp()).post("/api/v1/auth/otp", Map.of("channel", "EMAIL", "destination", known));
        Api.Response forUnknown = api.post("/api/v1/auth/otp", Map.of("channel", "EMAIL", "destination", uniqueEmail("unknown")));

        assertThat(forKnown.status()).isEqualTo(202);
        assertThat(forUnknown.status()).isEqualTo(202);
        assertThat(forKnown.raw()).isEqualTo(forUnknown.raw()).isEqualTo("{\"expiresInSeconds\":300,\"resendAfterSeconds\":60}");
    }

    @Test
    void aCodeWorksOnlyOnce() {
        String email = uniqueEmail("once");
        String code = requestEmailCode(email);
        assertThat(api.post("/api/v1/auth/otp/verify", Map.of("destination", email, "code", code)).status()).isEqualTo(200);

        Api.Response reused = api.post("/api/v1/auth/otp/verify", Map.of("destination", email, "code", code));

        assertThat(reused.status()).isEqualTo(401);
        assertThat(reused.problem()).isEqualTo("otp-invalid");
    }

    @Test
    void aCodeExpiresAfterFiveMinutes() {
        String email = uniqueEmail("late");
        String code = requestEmailCode(email);
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));

        Api.Response late = api.post("/api/v1/auth/otp/verify", Map.of("destination", email, "code", code));

        assertThat(late.status()).isEqualTo(401);
        assertThat(late.problem()).isEqualTo("otp-expired");
        // the expired code is deleted at that first try: what follows finds no code at all
        Api.Response again = api.post("/api/v1/auth/otp/verify", Map.of("destination", email, "code", code));
        assertThat(again.problem()).isEqualTo("otp-invalid");
    }

    @Test
    void fiveWrongTriesKillTheCode() {
        String email = uniqueEmail("guess");
        String code = requestEmailCode(email);
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int attempt = 1; attempt <= 5; attempt++) {
            Api.Response response = api.post("/api/v1/auth/otp/verify", Map.of("destination", email, "code", wrong));
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.body().path("attemptsLeft").asInt()).isEqualTo(5 - attempt);
            assertThat(response.text("detail"))
                    .isEqualTo(attempt < 5 ? "The code is wrong" : "The code is wrong and has been cancelled; request a new one");
        }

        Api.Response right = api.post("/api/v1/auth/otp/verify", Map.of("destination", email, "code", code));

        assertThat(right.status()).isEqualTo(401);
        assertThat(right.problem()).isEqualTo("otp-invalid");
    }

    @Test
    void aNewCodeReplacesTheOldOne() {
        String email = uniqueEmail("twice");
        String old = requestEmailCode(email);
        clock.advance(Duration.ofSeconds(61));
        String fresh = requestEmailCode(email);
        if (old.equals(fresh)) {
            return; // one chance in a million: nothing to distinguish
        }

        assertThat(api.post("/api/v1/auth/otp/verify", Map.of("destination", email, "code", old)).status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/otp/verify", Map.of("destination", email, "code", fresh)).status()).isEqualTo(200);
    }

    @Test
    void aSecondCodeWithinAMinuteIsRefusedWithRetryAfter() {
        String email = uniqueEmail("eager");
        requestEmailCode(email);

        Api.Response again = api.from(newClientIp()).post("/api/v1/auth/otp", Map.of("channel", "EMAIL", "destination", email));

        assertThat(again.status()).isEqualTo(429);
        assertThat(again.problem()).isEqualTo("too-many-codes");
        assertThat(Long.parseLong(again.header("Retry-After"))).isBetween(1L, 60L);
    }

    @Test
    void oneDestinationGetsAtMostFiveCodesAnHour() {
        String email = uniqueEmail("hourly");
        for (int i = 0; i < 5; i++) {
            assertThat(api.from(newClientIp()).post("/api/v1/auth/otp", Map.of("channel", "EMAIL", "destination", email))
                    .status()).isEqualTo(202);
            clock.advance(Duration.ofSeconds(61));
        }

        Api.Response sixth = api.from(newClientIp()).post("/api/v1/auth/otp", Map.of("channel", "EMAIL", "destination", email));

        assertThat(sixth.status()).isEqualTo(429);
        assertThat(Long.parseLong(sixth.header("Retry-After"))).isGreaterThan(60L);
    }

    @Test
    void oneClientAddressCannotSpraySmsToManyNumbers() {
        int accepted = 0;
        Api.Response last = null;
        for (int i = 0; i < 31; i++) {
            last = api.post("/api/v1/auth/otp", Map.of("channel", "SMS", "destination", "+4915112345" + String.format("%03d", i)));
            if (last.status() == 202) {
                accepted++;
            }
        }

        assertThat(accepted).isEqualTo(30);
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.header("Retry-After")).isNotNull();
    }

    @Test
    void smsCodesGoThroughTwiliosMessagesApiToTheE164Number() {
        Api.Response sent = api.post("/api/v1/auth/otp", Map.of("channel", "SMS", "destination", "+49 (30) 901820-77"));
        assertThat(sent.status()).isEqualTo(202);

        List<LoggedRequest> requests = PROVIDERS.findAll(postRequestedFor(
                urlEqualTo("/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages.json"))
                .withHeader("Authorization", equalTo("Basic " + java.util.Base64.getEncoder()
                        .encodeToString("AC00000000000000000000000000000001:test-auth-token".getBytes())))
                .withHeader("Content-Type", com.github.tomakehurst.wiremock.client.WireMock.containing("application/x-www-form-urlencoded")));
        assertThat(requests).hasSize(1);
        String form = java.net.URLDecoder.decode(requests.get(0).getBodyAsString(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(form).contains("To=+493090182077").contains("From=+15005550006");
        String code = codeIn(form);

        Api.Response signedIn = api.post("/api/v1/auth/otp/verify", Map.of("destination", "0049 30 90182077", "code", code));
        assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
        assertThat(api.get("/api/v1/me", signedIn.text("accessToken")).text("phone")).isEqualTo("+493090182077");
    }

    @Test
    void anSmsProviderFailureIsReportedNotSwallowed() {
        PROVIDERS.stubFor(post(urlPathMatching("/2010-04-01/Accounts/.*/Messages.json"))
                .willReturn(aResponse().withStatus(503)));

        Api.Response response = api.post("/api/v1/auth/otp", Map.of("channel", "SMS", "destination", "+14155550123"));

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.problem()).isEqualTo("delivery-failed");
    }

    @Test
    void refusesMalformedDestinationsNamingTheField() {
        Api.Response phone = api.post("/api/v1/auth/otp", Map.of("channel", "SMS", "destination", "12"));
        Api.Response email = api.post("/api/v1/auth/otp", Map.of("channel", "EMAIL", "destination", "not-an-email"));
        Api.Response channel = api.post("/api/v1/auth/otp", Map.of("channel", "PIGEON", "destination", "a@b.org"));
        Api.Response code = api.post("/api/v1/auth/otp/verify", Map.of("destination", "a@b.org", "code", "12ab"));

        for (Api.Response response : List.of(phone, email, channel, code)) {
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.problem()).isEqualTo("validation-failed");
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(phone.body().path("errors").get(0).path("field").asString()).isEqualTo("destination");
        assertThat(channel.body().path("errors").get(0).path("field").asString()).isEqualTo("channel");
        assertThat(code.body().path("errors").get(0).path("field").asString()).isEqualTo("code");
    }

    @Test
    void simultaneousChecksOfOneCodeLetExactlyOneIn() throws Exception {
        String email = uniqueEmail("race");
        String code = requestEmailCode(email);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Callable<Integer>> tries = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                tries.add(() -> api.post("/api/v1/auth/otp/verify", Map.of("destination", email, "code", code)).status());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : pool.invokeAll(tries)) {
                statuses.add(result.get());
            }
            assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
            assertThat(statuses).filteredOn(status -> status == 401).hasSize(9);
        } finally {
            pool.shutdownNow();
        }
    }
}
