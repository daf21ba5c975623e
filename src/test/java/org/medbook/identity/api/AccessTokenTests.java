package org.medbook.identity.api;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.Test;
import org.medbook.identity.infrastructure.AccessTokenKeys;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the API accepts as an access token: only RS256 tokens signed with our key, for our issuer
 * and audience, inside their validity window. Everything else is a 401 problem with a Bearer
 * challenge.
 */
class AccessTokenTests extends IntegrationTest {

    private static final String ISSUER = "https://medbook.org";
    private static final String AUDIENCE = "medbook-api";

    @Autowired
    private JwtEncoder encoder;

    @Autowired
    private ApplicationContext context;

    @Test
    void aTokenMintedWithOurKeyAndTheRightClaimsIsAccepted() {
        String patientId = newPatient();

        Api.Response me = api.get("/api/v1/me", mint(claimsFor(patientId).build()));

        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.text("id")).isEqualTo(patientId);
        assertThat(me.body().path("roles").toString()).isEqualTo("[\"PATIENT\"]");
    }

    @Test
    void withoutATokenTheAnswerIsABearerChallenge() {
        assertUnauthorized(api.get("/api/v1/me", null));
    }

    @Test
    void garbageIsRefused() {
        assertUnauthorized(api.get("/api/v1/me", "garbage"));
        assertUnauthorized(api.get("/api/v1/me", "eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl"));
        assertUnauthorized(api.send("GET", "/api/v1/me", null, null, Map.of("Authorization", "Basic dXNlcjpwYXNz")));
    }

    @Test
    void anUnsignedTokenWithAPatientsClaimsIsRefused() {
        JWTClaimsSet claims = genuineClaims(newPatient());

        assertUnauthorized(api.get("/api/v1/me", new PlainJWT(claims).serialize()));
    }

    @Test
    void anHmacTokenIsRefusedEvenWhenKeyedWithOurPublicKey() throws JOSEException {
        JWTClaimsSet claims = genuineClaims(newPatient());
        RSAKey ours = AccessTokenKeys.signingPublicKey(context);
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(ours.getKeyID()).build();

        SignedJWT withSecret = new SignedJWT(header, claims);
        withSecret.sign(new MACSigner("some secret that is at least 256 bits long....."));
        SignedJWT withPublicKey = new SignedJWT(header, claims);
        withPublicKey.sign(new MACSigner(ours.toRSAPublicKey().getEncoded()));

        assertUnauthorized(api.get("/api/v1/me", withSecret.serialize()));
        assertUnauthorized(api.get("/api/v1/me", withPublicKey.serialize()));
    }

    @Test
    void anRs256TokenSignedByAForeignKeyIsRefused() throws JOSEException {
        String patientId = newPatient();
        RSAKey foreign = new RSAKeyGenerator(2048).keyID(AccessTokenKeys.signingPublicKey(context).getKeyID()).generate();

        assertUnauthorized(api.get("/api/v1/me", signWith(foreign, genuineClaims(patientId))));

        JWTClaimsSet admin = new JWTClaimsSet.Builder(genuineClaims(patientId))
                .claim("roles", List.of("ADMIN")).claim("permissions", List.of("users:read", "users:manage")).build();
        assertUnauthorized(api.get("/api/v1/admin/users", signWith(foreign, admin)));
    }

    @Test
    void aTokenWhosePayloadWasChangedAfterSigningIsRefused() throws ParseException {
        String patientId = newPatient();
        String[] parts = mint(claimsFor(patientId).build()).split("\\.");
        JWTClaimsSet original = JWTClaimsSet.parse(Base64URL.from(parts[1]).decodeToString());
        JWTClaimsSet elevated = new JWTClaimsSet.Builder(original).claim("roles", List.of("ADMIN"))
                .claim("permissions", List.of("users:read")).build();
        String tampered = parts[0] + "." + Base64URL.encode(elevated.toString()) + "." + parts[2];

        assertUnauthorized(api.get("/api/v1/admin/users", tampered));
    }

    @Test
    void anExpiredTokenIsRefused() {
        String patientId = newPatient();
        Instant now = clock.instant();

        String token = mint(claimsFor(patientId).issuedAt(now.minus(Duration.ofMinutes(11)))
                .notBefore(now.minus(Duration.ofMinutes(11))).expiresAt(now.minus(Duration.ofMinutes(1))).build());

        assertUnauthorized(api.get("/api/v1/me", token));
    }

    @Test
    void anIssuedAccessTokenStopsWorkingWhenItsLifetimeIsOver() {
        Api.Response session = signInPatient(uniqueEmail("lifetime"));
        String token = session.text("accessToken");
        long lifetime = session.body().path("expiresIn").asLong();
        assertThat(api.get("/api/v1/me", token).status()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(lifetime + 31));

        assertUnauthorized(api.get("/api/v1/me", token));
    }

    @Test
    void aTokenNotYetValidIsRefused() {
        String patientId = newPatient();
        Instant now = clock.instant();

        String token = mint(claimsFor(patientId).notBefore(now.plus(Duration.ofMinutes(5)))
                .expiresAt(now.plus(Duration.ofMinutes(15))).build());

        assertUnauthorized(api.get("/api/v1/me", token));
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() {
        String token = mint(claimsFor(newPatient()).issuer("https://evil.example.org").build());

        assertUnauthorized(api.get("/api/v1/me", token));
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        String token = mint(claimsFor(newPatient()).audience(List.of("some-other-api")).build());

        assertUnauthorized(api.get("/api/v1/me", token));
    }

    @Test
    void aTokenWithoutExpiryIsRefused() {
        String patientId = newPatient();
        JwtClaimsSet.Builder builder = claimsFor(patientId);
        builder.claims(claims -> claims.remove("exp"));
        JwtClaimsSet claims = builder.build();
        assertThat(claims.getExpiresAt()).isNull();

        assertUnauthorized(api.get("/api/v1/me", mint(claims)));
    }

    @Test
    void aPatientTokenCannotReachTheBackOffice() {
        Api.Response response = api.get("/api/v1/admin/users", patientToken(uniqueEmail("curious")));

        assertThat(response.status()).as(response.toString()).isEqualTo(403);
        assertThat(response.problem()).isEqualTo("forbidden");
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }

    // --- helpers ---

    private static void assertUnauthorized(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.problem()).isEqualTo("unauthorized");
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    private String newPatient() {
        return signInPatient(uniqueEmail("holder")).body().path("user").path("id").asString();
    }

    private JwtClaimsSet.Builder claimsFor(String userId) {
        Instant now = clock.instant();
        return JwtClaimsSet.builder()
                .issuer(ISSUER)
                .audience(List.of(AUDIENCE))
                .subject(userId)
                .issuedAt(now)
                .notBefore(now)
                .expiresAt(now.plus(Duration.ofMinutes(5)))
                .id(UUID.randomUUID().toString())
                .claim("sid", UUID.randomUUID().toString())
                .claim("roles", List.of("PATIENT"))
                .claim("permissions", List.of());
    }

    /** Signed by the app's own encoder, which picks (and names, as kid) the app's signing key. */
    private String mint(JwtClaimsSet claims) {
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
                .getTokenValue();
    }

    /** The claims of a token the app would accept, to be re-signed in ways it must not accept. */
    private JWTClaimsSet genuineClaims(String userId) {
        String genuine = mint(claimsFor(userId).build());
        assertThat(api.get("/api/v1/me", genuine).status()).as("the genuine token works").isEqualTo(200);
        try {
            return SignedJWT.parse(genuine).getJWTClaimsSet();
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String signWith(RSAKey key, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
