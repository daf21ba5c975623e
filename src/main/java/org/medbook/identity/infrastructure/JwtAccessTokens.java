package org.medbook.identity.infrastructure;

import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;

import org.medbook.identity.Permission;
import org.medbook.identity.Role;
import org.medbook.identity.application.AccessTokens;
import org.medbook.identity.application.IdentityProperties;
import org.medbook.identity.domain.User;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

/** RS256 access tokens: subject, roles, permissions, session id; 15 minutes at most. */
class JwtAccessTokens implements AccessTokens {

    static final String PURPOSE_PASSWORD_CHANGE = "password-change";
    static final String PURPOSE_MFA_ENROLMENT = "mfa-enrolment";

    private final JwtEncoder encoder;
    private final IdentityProperties.Tokens properties;
    private final String keyId;

    JwtAccessTokens(JwtEncoder encoder, IdentityProperties.Tokens properties, String keyId) {
        this.encoder = encoder;
        this.properties = properties;
        this.keyId = keyId;
    }

    @Override
    public Signed issue(User user, UUID sessionId, Instant now) {
        Instant expiresAt = now.plus(properties.accessTokenTtl());
        JwtClaimsSet claims = base(user, now, expiresAt)
                .claim("sid", sessionId.toString())
                .claim("roles", user.roles().stream().sorted(Comparator.naturalOrder()).map(Role::name).toList())
                .claim("permissions", user.permissions().stream().sorted(Comparator.naturalOrder()).map(Permission::code).toList())
                .build();
        return new Signed(encode(claims), expiresAt);
    }

    @Override
    public Signed issuePasswordChangeOnly(User user, Instant now) {
        Instant expiresAt = now.plus(properties.passwordChangeTokenTtl());
        JwtClaimsSet claims = base(user, now, expiresAt).claim("purpose", PURPOSE_PASSWORD_CHANGE).build();
        return new Signed(encode(claims), expiresAt);
    }

    @Override
    public Signed issueMfaEnrolmentOnly(User user, Instant now) {
        Instant expiresAt = now.plus(properties.accessTokenTtl());
        JwtClaimsSet claims = base(user, now, expiresAt).claim("purpose", PURPOSE_MFA_ENROLMENT).build();
        return new Signed(encode(claims), expiresAt);
    }

    private JwtClaimsSet.Builder base(User user, Instant now, Instant expiresAt) {
        return JwtClaimsSet.builder()
                .issuer(properties.issuer())
                .audience(java.util.List.of(properties.audience()))
                .subject(user.id().toString())
                .issuedAt(now)
                .notBefore(now)
                .expiresAt(expiresAt)
                .id(UUID.randomUUID().toString());
    }

    private String encode(JwtClaimsSet claims) {
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(keyId).type("JWT").build();
        return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }
}
