package org.medbook.identity.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.http.Fault;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;
import org.medbook.support.TestDatabase;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Google sign-in against a stand-in for Google's JWKS endpoint. Every token carries a nonce the app
 * handed out, as a real sign-in's would. The app caches the key set it
 * fetched, so every test publishes the same key; a token whose {@code kid} the cache does not know
 * makes the decoder fetch the key set again, which is how the outage tests reach the endpoint.
 */
class GoogleSignInTests extends IntegrationTest {

    private static final String JWKS_PATH = "/oauth2/v3/certs";
    private static final String NONCE = "/api/v1/auth/google/nonce";
    private static final String WEB_CLIENT = "medbook-web.apps.googleusercontent.com";
    private static final String ANDROID_CLIENT = "medbook-android.apps.googleusercontent.com";
    private static final String GOOGLE = "https://accounts.google.com";
    private static final RSAKey GOOGLE_KEY = rsaKey("google-test-1");

    @BeforeEach
    void publishGoogleKeys() {
        PROVIDERS.stubFor(get(urlPathEqualTo(JWKS_PATH))
                .willReturn(okJson(new JWKSet(GOOGLE_KEY).toPublicJWKSet().toString())));
    }

    @Test
    void aValidIdTokenCreatesAPatientAndTheSameSubjectSignsBackIntoIt() {
        String subject = googleSubject();
        String email = uniqueEmail("gina");

        Api.Response first = signIn(sign(claims(subject, email, true).build()));

        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.body().path("newUser").asBoolean()).isTrue();
        assertThat(first.body().path("user").path("roles").toString()).isEqualTo("[\"PATIENT\"]");
        assertThat(first.text("tokenType")).isEqualTo("Bearer");
        assertThat(first.text("refreshToken")).isNotBlank();
        assertThat(first.header("Cache-Control")).contains("no-store");
        Api.Response me = api.get("/api/v1/me", first.text("accessToken"));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text("email")).isEqualTo(email);
        assertThat(me.body().path("googleLinked").asBoolean()).isTrue();

        // the other client id and Google's issuer without scheme are accepted too
        Api.Response second = signIn(sign(claims(subject, email, true)
                .audience(ANDROID_CLIENT).issuer("accounts.google.com").build()));

        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(second.body().path("newUser").asBoolean()).isFalse();
        assertThat(second.body().path("user").path("id").asString())
                .isEqualTo(first.body().path("user").path("id").asString());
    }

    @Test
    void aRegistrationASignInAndARefusedTokenAreEachAuditedAsGoogleOnes() {
        Instant from = clock.instant().minusSeconds(1);
        Api.Response first = signIn(sign(claims(googleSubject(), uniqueEmail("audited"), true).build()));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        String target = "user:" + first.body().path("user").path("id").asString();
        assertInvalid(signIn(sign(claims(googleSubject(), uniqueEmail("refused"), true).build(),
                rsaKey("google-unknown-" + googleSubject()))));
        String window = "&from=" + from + "&to=" + clock.instant().plusSeconds(1);
        String admin = adminToken();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(auditDetails(admin, "action=user.registered&target=" + target))
                    .containsExactly("google/");
            assertThat(auditDetails(admin, "action=sign-in.succeeded&target=" + target))
                    .containsExactly("google/");
            assertThat(auditDetails(admin, "action=sign-in.failed" + window))
                    .contains("google/invalid-google-token");
        });
    }

    /** The sign-in method and reason (empty without one) of each audit entry the query finds. */
    private List<String> auditDetails(String admin, String query) {
        List<String> details = new ArrayList<>();
        api.get("/api/v1/admin/audit?size=100&" + query, admin).body().path("items").forEach(item -> details.add(
                item.path("details").path("method").asString() + "/"
                        + (item.path("details").has("reason") ? item.path("details").path("reason").asString() : "")));
        return details;
    }

    @Test
    void aFirstGoogleSignInJoinsThePatientWhoAlreadyOwnsTheVerifiedEmail() {
        String email = uniqueEmail("otto");
        Api.Response otp = signInPatient(email);
        String patientId = otp.body().path("user").path("id").asString();
        assertThat(api.get("/api/v1/me", otp.text("accessToken")).body().path("googleLinked").asBoolean()).isFalse();

        Api.Response google = signIn(sign(claims(googleSubject(), email.toUpperCase(), true).build()));

        assertThat(google.status()).as(google.toString()).isEqualTo(200);
        assertThat(google.body().path("newUser").asBoolean()).isFalse();
        assertThat(google.body().path("user").path("id").asString()).isEqualTo(patientId);
        Api.Response me = api.get("/api/v1/me", google.text("accessToken"));
        assertThat(me.body().path("googleLinked").asBoolean()).isTrue();
        assertThat(me.text("email")).isEqualTo(email);
    }

    @Test
    void anUnverifiedEmailDoesNotJoinTheAccountThatOwnsIt() {
        String email = uniqueEmail("victim");
        Api.Response otp = signInPatient(email);
        String patientId = otp.body().path("user").path("id").asString();

        Api.Response google = signIn(sign(claims(googleSubject(), email, false).build()));

        assertThat(google.status()).as(google.toString()).isEqualTo(200);
        assertThat(google.body().path("newUser").asBoolean()).isTrue();
        assertThat(google.body().path("user").path("id").asString()).isNotEqualTo(patientId);
        assertThat(api.get("/api/v1/me", google.text("accessToken")).text("email")).isNull();
        Api.Response owner = api.get("/api/v1/me", otp.text("accessToken"));
        assertThat(owner.body().path("googleLinked").asBoolean()).isFalse();
        assertThat(owner.text("email")).isEqualTo(email);
    }

    @Test
    void aStaffEmailMustSignInWithItsPassword() {
        String email = uniqueEmail("staff");
        createStaff(email, "HELPER", java.util.List.of("users:read"));

        Api.Response response = signIn(sign(claims(googleSubject(), email, true).build()));

        assertThat(response.status()).as(response.toString()).isEqualTo(403);
        assertThat(response.problem()).isEqualTo("password-sign-in-required");
        assertThat(response.text("accessToken")).isNull();
    }

    @Test
    void aSuspendedPatientCannotSignInWithGoogle() {
        String subject = googleSubject();
        Api.Response first = signIn(sign(claims(subject, uniqueEmail("paused"), true).build()));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        String userId = first.body().path("user").path("id").asString();
        Api.Response suspended = api.post("/api/v1/admin/users/" + userId + "/suspend", null, adminToken());
        assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);

        Api.Response response = signIn(sign(claims(subject, null, false).build()));

        assertThat(response.status()).as(response.toString()).isEqualTo(403);
        assertThat(response.problem()).isEqualTo("account-suspended");
        assertThat(response.text("accessToken")).isNull();
    }

    @Test
    void anotherGoogleAccountWithTheSameEmailDoesNotTakeOverALinkedAccount() {
        String email = uniqueEmail("linked");
        Api.Response owner = signIn(sign(claims(googleSubject(), email, true).build()));
        assertThat(owner.status()).as(owner.toString()).isEqualTo(200);

        Api.Response other = signIn(sign(claims(googleSubject(), email, true).build()));

        assertThat(other.status()).as(other.toString()).isEqualTo(409);
        assertThat(other.problem()).isEqualTo("google-account-mismatch");
        assertThat(other.text("accessToken")).isNull();
    }

    @Test
    void aSignatureByAnotherKeyUnderGooglesKeyIdIsRefused() {
        RSAKey impostor = rsaKey(GOOGLE_KEY.getKeyID());

        assertInvalid(signIn(sign(claims(googleSubject(), uniqueEmail("forged"), true).build(), impostor)));
    }

    @Test
    void aKeyGoogleDoesNotPublishIsRefused() {
        RSAKey unknown = rsaKey("google-unknown-" + googleSubject());

        assertInvalid(signIn(sign(claims(googleSubject(), uniqueEmail("unknown"), true).build(), unknown)));
        // the unknown kid made the decoder look at the published keys again
        PROVIDERS.verify(getRequestedFor(urlPathEqualTo(JWKS_PATH)));
    }

    @Test
    void anExpiredTokenIsRefused() {
        Instant now = clock.instant();

        assertInvalid(signIn(sign(claims(googleSubject(), uniqueEmail("late"), true)
                .issueTime(Date.from(now.minus(Duration.ofHours(2))))
                .expirationTime(Date.from(now.minus(Duration.ofMinutes(5)))).build())));
    }

    @Test
    void aTokenExpiresOnTheApplicationsClock() {
        String token = sign(claims(googleSubject(), uniqueEmail("clock"), true).build());
        clock.advance(Duration.ofHours(1).plusMinutes(1));

        assertInvalid(signIn(token));
    }

    @Test
    void aTokenWithoutExpiryIsRefused() {
        assertInvalid(signIn(sign(claims(googleSubject(), uniqueEmail("forever"), true)
                .expirationTime(null).build())));
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        assertInvalid(signIn(sign(claims(googleSubject(), uniqueEmail("aud"), true)
                .audience("someone-else.apps.googleusercontent.com").build())));
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() {
        assertInvalid(signIn(sign(claims(googleSubject(), uniqueEmail("iss"), true)
                .issuer("https://accounts.example.com").build())));
    }

    @Test
    void aTokenWithoutSubjectIsRefused() {
        assertInvalid(signIn(sign(claims(googleSubject(), uniqueEmail("nobody"), true).subject(null).build())));
    }

    @Test
    void theNonceEndpointHandsOutAFreshShortLivedNonceStoredOnlyAsItsHash() throws Exception {
        Api.Response first = api.post(NONCE, null);
        Api.Response second = api.post(NONCE, null);

        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.header("Cache-Control")).contains("no-store");
        assertThat(first.body().path("expiresInSeconds").asLong()).isEqualTo(300);
        assertThat(first.text("nonce")).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(second.text("nonce"));
        try (Connection connection = TestDatabase.connect(); PreparedStatement query = connection.prepareStatement(
                "SELECT count(*) FROM google_nonces WHERE nonce_hash = sha256(convert_to(?, 'UTF8'))")) {
            query.setString(1, first.text("nonce"));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void aTokenWithoutANonceIsRefused() {
        String subject = googleSubject();

        assertInvalid(signIn(sign(claimsWithoutNonce(subject, uniqueEmail("no-nonce"), true).build())));
    }

    @Test
    void aTokenCarryingANonceWeNeverIssuedIsRefusedEvenWhenTheClientSendsItToo() {
        String foreign = "n-0S6_WzA2Mj";
        String token = sign(claimsWithoutNonce(googleSubject(), uniqueEmail("foreign"), true).claim("nonce", foreign).build());

        assertInvalid(signIn(token));
        assertInvalid(signIn(token, foreign));
    }

    @Test
    void aTokenSignsInOnceAndItsReplayIsRefused() {
        String subject = googleSubject();
        String email = uniqueEmail("replay");
        String nonce = newNonce();
        String token = sign(claimsWithoutNonce(subject, email, true).claim("nonce", nonce).build());

        Api.Response first = signIn(token);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);

        assertInvalid(signIn(token));
        assertInvalid(signIn(sign(claimsWithoutNonce(subject, email, true).claim("nonce", nonce).build())));
    }

    @Test
    void aNonceExpiresAfterFiveMinutes() {
        String nonce = newNonce();
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));

        assertInvalid(signIn(sign(claimsWithoutNonce(googleSubject(), uniqueEmail("late-nonce"), true)
                .claim("nonce", nonce).build())));
    }

    @Test
    void twoSimultaneousSignInsWithOneTokenLetExactlyOneThrough() throws Exception {
        String token = sign(claims(googleSubject(), uniqueEmail("twice"), true).build());
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                results.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return signIn(token).status();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get(30, TimeUnit.SECONDS));
            }

            assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
            assertThat(statuses).filteredOn(status -> status == 401).hasSize(5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theNonceMustMatchWhenTheClientSendsOne() {
        String nonce = newNonce();
        String token = sign(claimsWithoutNonce(googleSubject(), uniqueEmail("nonce"), true).claim("nonce", nonce).build());

        assertInvalid(signIn(token, "n-somethingelse"));

        Api.Response matching = signIn(token, nonce);
        assertThat(matching.status()).as(matching.toString()).isEqualTo(200);
        assertThat(matching.body().path("newUser").asBoolean()).isTrue();
    }

    @Test
    void noncesAreLimitedPerClientAddress() {
        for (int i = 0; i < 60; i++) {
            assertThat(api.post(NONCE, null).status()).isEqualTo(200);
        }

        Api.Response limited = api.post(NONCE, null);

        assertThat(limited.status()).as(limited.toString()).isEqualTo(429);
        assertThat(limited.problem()).isEqualTo("too-many-nonces");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
        assertThat(api.from(newClientIp()).post(NONCE, null).status()).isEqualTo(200);
    }

    @Test
    void anUnsignedTokenIsRefused() {
        PlainJWT unsigned = new PlainJWT(claims(googleSubject(), uniqueEmail("none"), true).build());

        assertInvalid(signIn(unsigned.serialize()));
    }

    @Test
    void anHmacSignedTokenIsRefused() throws JOSEException {
        JWTClaimsSet claims = claims(googleSubject(), uniqueEmail("hmac"), true).build();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(GOOGLE_KEY.getKeyID()).build();

        SignedJWT withSecret = new SignedJWT(header, claims);
        withSecret.sign(new MACSigner("a shared secret that is long enough for HS256!"));
        // the classic confusion: Google's public key used as the HMAC secret
        SignedJWT withPublicKey = new SignedJWT(header, claims);
        withPublicKey.sign(new MACSigner(GOOGLE_KEY.toRSAPublicKey().getEncoded()));

        assertInvalid(signIn(withSecret.serialize()));
        assertInvalid(signIn(withPublicKey.serialize()));
    }

    @Test
    void garbageIsRefused() {
        assertInvalid(signIn("this-is-not-a-jwt"));
        assertInvalid(signIn("eyJhbGciOiJSUzI1NiJ9.bm9wZQ.c2ln"));
    }

    @Test
    void aMissingIdTokenIsAValidationProblemNamingTheField() {
        for (Map<String, Object> body : java.util.List.<Map<String, Object>>of(Map.of(), Map.of("idToken", " "),
                Map.of("nonce", "n-1"))) {
            Api.Response response = api.post("/api/v1/auth/google", body);

            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.problem()).isEqualTo("validation-failed");
            assertThat(response.body().path("errors").get(0).path("field").asString()).isEqualTo("idToken");
        }
    }

    @Test
    void googlesKeysAnsweringWithAnErrorMeansGoogleIsUnavailable() {
        PROVIDERS.stubFor(get(urlPathEqualTo(JWKS_PATH)).willReturn(aResponse().withStatus(500)));

        Api.Response response = signIn(signedWithAnUnpublishedKey());

        assertUnavailable(response);
        PROVIDERS.verify(getRequestedFor(urlPathEqualTo(JWKS_PATH)));
    }

    @Test
    void googlesKeysUnreachableMeansGoogleIsUnavailable() {
        PROVIDERS.stubFor(get(urlPathEqualTo(JWKS_PATH))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        Api.Response response = signIn(signedWithAnUnpublishedKey());

        assertUnavailable(response);
        PROVIDERS.verify(getRequestedFor(urlPathEqualTo(JWKS_PATH)));
    }

    @Test
    void signInWorksAgainOnceGooglesKeysAreBack() {
        PROVIDERS.stubFor(get(urlPathEqualTo(JWKS_PATH)).willReturn(aResponse().withStatus(503)));
        assertUnavailable(signIn(signedWithAnUnpublishedKey()));

        publishGoogleKeys();
        Api.Response response = signIn(sign(claims(googleSubject(), uniqueEmail("back"), true).build()));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    // --- helpers ---

    private Api.Response signIn(String idToken) {
        return api.post("/api/v1/auth/google", Map.of("idToken", idToken));
    }

    private Api.Response signIn(String idToken, String nonce) {
        Map<String, Object> body = new HashMap<>();
        body.put("idToken", idToken);
        body.put("nonce", nonce);
        return api.post("/api/v1/auth/google", body);
    }

    private static void assertInvalid(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.problem()).isEqualTo("invalid-google-token");
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.text("accessToken")).isNull();
    }

    private static void assertUnavailable(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(503);
        assertThat(response.problem()).isEqualTo("google-unavailable");
    }

    /** Valid in every respect except that its key is not (yet) in the cached key set: forces a fetch. */
    private String signedWithAnUnpublishedKey() {
        return sign(claims(googleSubject(), uniqueEmail("rotated"), true).build(),
                rsaKey("google-rotated-" + googleSubject()));
    }

    /** A nonce handed out by the server, as a client asks for one before calling Google Sign-In. */
    private String newNonce() {
        Api.Response response = api.post(NONCE, null);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.text("nonce");
    }

    /** The claims of an ID token Google issued for a sign-in this server started (with a fresh nonce). */
    private JWTClaimsSet.Builder claims(String subject, String email, boolean emailVerified) {
        return claimsWithoutNonce(subject, email, emailVerified).claim("nonce", newNonce());
    }

    private JWTClaimsSet.Builder claimsWithoutNonce(String subject, String email, boolean emailVerified) {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder()
                .issuer(GOOGLE)
                .audience(WEB_CLIENT)
                .subject(subject)
                .claim("azp", WEB_CLIENT)
                .claim("email", email)
                .claim("email_verified", emailVerified)
                .claim("name", "Test Person")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))));
    }

    private static String sign(JWTClaimsSet claims) {
        return sign(claims, GOOGLE_KEY);
    }

    private static String sign(JWTClaimsSet claims, RSAKey key) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static RSAKey rsaKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String googleSubject() {
        return Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000_000L, 999_999_999_999_999L))
                + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    }
}
