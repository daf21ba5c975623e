package org.medbook.shared.realtime;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.Test;
import org.medbook.identity.infrastructure.AccessTokenKeys;
import org.medbook.support.Api;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.web.socket.WebSocketHttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * CONNECT on {@code /ws} takes the REST API's access token in its {@code Authorization} header and
 * refuses, with the reason in the ERROR frame, every token the API itself would refuse.
 */
class StompConnectTests extends RealtimeTest {

    @Autowired
    private SimpUserRegistry users;

    @Autowired
    private ApplicationContext context;

    @Test
    void aPatientConnectsWithTheAccessTokenAndIsKnownByTheUserId() {
        Api.Response session = signInPatient(uniqueEmail("stomp"));
        String userId = session.body().path("user").path("id").asString();

        try (StompTestClient.Connection connection = StompTestClient.connect(port, session.text("accessToken"))) {
            assertThat(connection.session().isConnected()).isTrue();
            await().atMost(StompTestClient.WAIT).until(() -> users.getUser(userId) != null);
            assertThat(users.getUser(userId).getSessions()).hasSize(1);
        }
    }

    @Test
    void aConnectWithoutATokenIsRefusedAndToldWhatIsMissing() {
        String reason = StompTestClient.attempt(port, null, null).refusal();

        assertThat(reason).contains("access token is required").contains("Authorization: Bearer");
    }

    @Test
    void aConnectWithAnotherKindOfCredentialIsRefused() {
        StompHeaders basic = new StompHeaders();
        basic.add("Authorization", "Basic dXNlcjpwYXNz");

        String reason = StompTestClient.attemptWith(port, new WebSocketHttpHeaders(), basic).refusal();

        assertThat(reason).isEqualTo("The Authorization header must be 'Bearer <access token>'");
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefused() throws JOSEException {
        String userId = newPatientId();
        RSAKey foreign = new RSAKeyGenerator(2048).keyID(AccessTokenKeys.signingPublicKey(context).getKeyID()).generate();
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE)
                .subject(userId).issueTime(java.util.Date.from(now)).notBeforeTime(java.util.Date.from(now))
                .expirationTime(java.util.Date.from(now.plus(Duration.ofMinutes(5)))).jwtID(UUID.randomUUID().toString())
                .claim("roles", List.of("PATIENT")).build();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(foreign.getKeyID()).build(), claims);
        forged.sign(new RSASSASigner(foreign));

        String reason = StompTestClient.attempt(port, forged.serialize(), null).refusal();

        assertThat(reason).isEqualTo("The access token is not valid");
        assertThat(users.getUser(userId)).isNull();
    }

    @Test
    void garbageIsRefused() {
        assertThat(StompTestClient.attempt(port, "not-a-token", null).refusal()).isEqualTo("The access token is not valid");
    }

    @Test
    void anExpiredTokenIsRefusedAsExpired() {
        String userId = newPatientId();
        Instant now = clock.instant();
        String expired = mint(claimsFor(userId).issuedAt(now.minus(Duration.ofMinutes(11)))
                .notBefore(now.minus(Duration.ofMinutes(11))).expiresAt(now.minus(Duration.ofMinutes(1))).build());

        String reason = StompTestClient.attempt(port, expired, null).refusal();

        assertThat(reason).isEqualTo("The access token has expired");
    }

    @Test
    void anIssuedTokenStopsOpeningSocketsWhenItsLifetimeIsOver() {
        Api.Response session = signInPatient(uniqueEmail("stomp-lifetime"));
        String token = session.text("accessToken");
        StompTestClient.connect(port, token).close();

        clock.advance(Duration.ofSeconds(session.body().path("expiresIn").asLong() + 31));

        assertThat(StompTestClient.attempt(port, token, null).refusal()).isEqualTo("The access token has expired");
    }

    @Test
    void aTokenWhoseSessionEndedIsRefusedAtOnce() {
        Api.Response session = signInPatient(uniqueEmail("stomp-signed-out"));
        String token = session.text("accessToken");
        StompTestClient.connect(port, token).close();

        Api.Response logout = api.post("/api/v1/auth/logout", java.util.Map.of("refreshToken", session.text("refreshToken")));
        assertThat(logout.status()).as(logout.toString()).isEqualTo(204);

        assertThat(StompTestClient.attempt(port, token, null).refusal())
                .isEqualTo("The access token has been revoked; sign in again");
    }

    @Test
    void signingOutEndsTheSocketsOpenUnderThatSessionAndNoOther() {
        StaffAccount staff = newStaffAccount("HELPER", List.of());
        String password = "Helper passphrase " + staff.email();
        Api.Response first = activateStaff(staff.email(), staff.temporaryPassword(), password);
        Api.Response second = api.post("/api/v1/auth/login", java.util.Map.of("email", staff.email(), "password", password));

        try (StompTestClient.Connection ending = StompTestClient.connect(port, first.text("accessToken"));
             StompTestClient.Connection staying = StompTestClient.connect(port, second.text("accessToken"))) {
            Api.Response logout = api.post("/api/v1/auth/logout", java.util.Map.of("refreshToken", first.text("refreshToken")));
            assertThat(logout.status()).as(logout.toString()).isEqualTo(204);

            assertThat(ending.frames().nextError()).isEqualTo("The session has ended; sign in again");
            await().atMost(StompTestClient.WAIT).until(() -> !ending.session().isConnected());
            // a receipt comes back only from a socket that is still open
            staying.subscribe("/user/queue/notifications");
            assertThat(staying.session().isConnected()).isTrue();
        }
    }

    @Test
    void suspendingAUserEndsEveryOpenSocketOfTheirs() {
        StaffAccount staff = newStaffAccount("HELPER", List.of());
        String password = "Helper passphrase " + staff.email();
        Api.Response first = activateStaff(staff.email(), staff.temporaryPassword(), password);
        Api.Response second = api.post("/api/v1/auth/login", java.util.Map.of("email", staff.email(), "password", password));
        String userId = staff.id();

        try (StompTestClient.Connection one = StompTestClient.connect(port, first.text("accessToken"));
             StompTestClient.Connection two = StompTestClient.connect(port, second.text("accessToken"))) {
            Api.Response suspended = api.post("/api/v1/admin/users/" + userId + "/suspend", null, adminToken());
            assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);

            assertThat(one.frames().nextError()).isEqualTo("The session has ended; sign in again");
            assertThat(two.frames().nextError()).isEqualTo("The session has ended; sign in again");
            await().atMost(StompTestClient.WAIT).until(() -> users.getUser(userId) == null);
        }
    }

    @Test
    void aSuspendedUsersTokenOpensNoSocket() {
        Api.Response session = signInPatient(uniqueEmail("stomp-suspended"));
        String userId = session.body().path("user").path("id").asString();

        Api.Response suspended = api.post("/api/v1/admin/users/" + userId + "/suspend", null, adminToken());
        assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);

        assertThat(StompTestClient.attempt(port, session.text("accessToken"), null).refusal())
                .isEqualTo("The access token has been revoked; sign in again");
        assertThat(users.getUser(userId)).isNull();
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        String token = mint(claimsFor(newPatientId()).audience(List.of("some-other-api")).build());

        assertThat(StompTestClient.attempt(port, token, null).refusal()).isEqualTo("The access token is not valid");
    }

    @Test
    void aPasswordChangeOnlyTokenIsRefused() {
        UUID staff = UUID.randomUUID();
        // the shape identity issues to staff who must change a temporary password: no roles, a purpose
        Instant now = clock.instant();
        String token = mint(JwtClaimsSet.builder().issuer(ISSUER).audience(List.of(AUDIENCE)).subject(staff.toString())
                .issuedAt(now).notBefore(now).expiresAt(now.plus(Duration.ofMinutes(5))).id(UUID.randomUUID().toString())
                .claim("purpose", "password-change").build());

        String reason = StompTestClient.attempt(port, token, null).refusal();

        assertThat(reason).isEqualTo("This token only allows changing the password; sign in again afterwards");
    }

    @Test
    void aSecondFactorEnrolmentOnlyTokenIsRefused() {
        UUID staff = UUID.randomUUID();
        // the shape identity issues to staff who must enrol a second factor first: no roles, a purpose
        Instant now = clock.instant();
        String token = mint(JwtClaimsSet.builder().issuer(ISSUER).audience(List.of(AUDIENCE)).subject(staff.toString())
                .issuedAt(now).notBefore(now).expiresAt(now.plus(Duration.ofMinutes(10))).id(UUID.randomUUID().toString())
                .claim("purpose", "mfa-enrolment").build());

        String reason = StompTestClient.attempt(port, token, null).refusal();

        assertThat(reason).isEqualTo("This token only allows one step of signing in; sign in again afterwards");
    }

    @Test
    void staffConnectWithTheirAccessToken() {
        String token = mint(claimsFor(UUID.randomUUID(), "HELPER").build());

        try (StompTestClient.Connection connection = StompTestClient.connect(port, token)) {
            assertThat(connection.session().isConnected()).isTrue();
        }
    }

    private String newPatientId() {
        return newPatient().id().toString();
    }

    private JwtClaimsSet.Builder claimsFor(String userId) {
        return claimsFor(UUID.fromString(userId), "PATIENT");
    }
}
