package org.medbook.shared.web;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemResponseTests extends IntegrationTest {

    @Test
    void anUnknownRouteIsA404ProblemForASignedInCaller() {
        Api.Response response = api.get("/api/v1/no-such-thing", patientToken(uniqueEmail("lost")));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.problem()).isEqualTo("not-found");
    }

    @Test
    void noTokenIsA401ProblemWithABearerChallenge() {
        Api.Response response = api.get("/api/v1/me", null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(response.problem()).isEqualTo("unauthorized");
    }

    @Test
    void aForbiddenCallIsA403Problem() {
        Api.Response response = api.get("/api/v1/admin/users", patientToken(uniqueEmail("nosy")));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.problem()).isEqualTo("forbidden");
    }

    @Test
    void malformedJsonIsA400Problem() {
        Api.Response response = api.post("/api/v1/auth/otp", "{\"channel\": ");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.problem()).isEqualTo("malformed-request");
    }

    @Test
    void validationErrorsListEveryOffendingField() {
        Api.Response response = api.post("/api/v1/auth/login", Map.of("email", ""));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.problem()).isEqualTo("validation-failed");
        assertThat(response.body().path("errors").findValuesAsString("field")).containsExactlyInAnyOrder("email", "password");
    }

    @Test
    void theWrongMethodAndMediaTypeAreProblemsToo() {
        Api.Response method = api.get("/api/v1/auth/login", null);
        Api.Response media = api.send("POST", "/api/v1/auth/otp", "channel=EMAIL", null, Map.of("Content-Type", "text/plain"));

        assertThat(method.status()).as(method.toString()).isEqualTo(405);
        assertThat(method.problem()).isEqualTo("method-not-allowed");
        assertThat(method.header("Allow")).contains("POST");
        assertThat(media.status()).isEqualTo(415);
        assertThat(media.problem()).isEqualTo("unsupported-media-type");
    }

    @Test
    void aWrongMethodOnAPublicRouteIs405WithOrWithoutATokenWhileProtectedRoutesStillAskForOne() {
        String doctor = "/api/v1/doctors/" + java.util.UUID.randomUUID();
        for (String token : new String[] {null, adminToken()}) {
            for (Api.Response wrong : java.util.List.of(api.send("DELETE", doctor, null, token, Map.of()),
                    api.post(doctor + "/slots", Map.of(), token), api.send("PUT", "/api/v1/specialties", Map.of(), token, Map.of()),
                    api.get("/api/v1/webhooks/stripe", token), api.get("/api/v1/auth/otp", token))) {
                assertThat(wrong.status()).as("%s (token: %s)", wrong, token != null).isEqualTo(405);
                assertThat(wrong.problem()).isEqualTo("method-not-allowed");
            }
        }
        Api.Response password = api.get("/api/v1/auth/password", null);
        Api.Response booking = api.post("/api/v1/bookings", Map.of(), null);
        assertThat(password.status()).as("not a public route: %s", password).isEqualTo(401);
        assertThat(booking.status()).as(booking.toString()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/password", Map.of(), null).status()).isEqualTo(401);
    }

    @Test
    void everyResponseCarriesARequestIdThatAlsoNamesTheProblem() {
        Api.Response chosen = api.send("GET", "/api/v1/me", null, null, Map.of("X-Request-Id", "trace-abc-12345"));
        Api.Response generated = api.get("/api/v1/me", null);

        assertThat(chosen.header("X-Request-Id")).isEqualTo("trace-abc-12345");
        assertThat(chosen.text("requestId")).isEqualTo("trace-abc-12345");
        assertThat(generated.header("X-Request-Id")).hasSizeGreaterThanOrEqualTo(32);
    }

    @Test
    void publishesOpenApiSwaggerUiAndHealthProbes() {
        Api.Response docs = api.get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body().path("paths").has("/api/v1/auth/otp")).isTrue();
        assertThat(docs.body().path("info").path("title").asString()).isEqualTo("Medbook API");
        assertThat(api.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
        assertThat(api.get("/actuator/health/liveness", null).text("status")).isEqualTo("UP");
        assertThat(api.get("/actuator/health/readiness", null).text("status")).isEqualTo("UP");
    }

    @Test
    void securityHeadersAreSet() {
        Api.Response response = api.get("/api/v1/me", null);

        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(response.header("Cache-Control")).contains("no-store");
        assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
    }

    @Test
    void browsersFromUnlistedOriginsAreNotAllowed() {
        Api.Response preflight = api.send("OPTIONS", "/api/v1/auth/otp", null, null,
                Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "POST"));

        assertThat(preflight.status()).isEqualTo(403);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
    }
}
