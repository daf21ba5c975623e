package org.medbook.shared.realtime;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

import static org.assertj.core.api.Assertions.assertThat;

/** People to connect as: signed-in patients, and accounts whose tokens the app's own key signs. */
abstract class RealtimeTest extends IntegrationTest {

    static final String ISSUER = "https://medbook.org";
    static final String AUDIENCE = "medbook-api";
    static final String NOTIFICATIONS = "/user/queue/notifications";

    @Autowired
    private JwtEncoder encoder;

    /** A patient signed in by e-mail code, as the app does it. */
    record Person(UUID id, String token) {
    }

    Person newPatient() {
        Api.Response session = signInPatient(uniqueEmail("realtime"));
        return new Person(UUID.fromString(session.body().path("user").path("id").asString()), session.text("accessToken"));
    }

    /**
     * A doctor the admin created, with an access token as sign-in would issue it (signed by the app's
     * key); the temporary password travels by e-mail, which these tests do not depend on.
     */
    Person newDoctor() {
        Api.Response created = api.post("/api/v1/admin/doctors", doctorBody(uniqueEmail("doctor"), Map.of()), adminToken());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        UUID id = UUID.fromString(created.text("id"));
        return new Person(id, mint(claimsFor(id, "DOCTOR").build()));
    }

    JwtClaimsSet.Builder claimsFor(UUID userId, String role) {
        Instant now = clock.instant();
        return JwtClaimsSet.builder().issuer(ISSUER).audience(List.of(AUDIENCE)).subject(userId.toString())
                .issuedAt(now).notBefore(now).expiresAt(now.plus(Duration.ofMinutes(5)))
                .id(UUID.randomUUID().toString()).claim("sid", UUID.randomUUID().toString())
                .claim("roles", List.of(role)).claim("permissions", List.of());
    }

    String mint(JwtClaimsSet claims) {
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
                .getTokenValue();
    }
}
