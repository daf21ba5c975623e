package org.medbook.identity.infrastructure;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Parses and verifies a bearer token's signature once per node: a client sends the same access token
 * with every request until it expires, and the RS256 check and JSON parsing were a large share of a
 * short request's work. Only the exact token string hits the cache, so an entry is always a token
 * whose signature was verified; every claim check (times against the application clock, issuer,
 * audience, revocation) still runs on each request.
 */
final class SignatureOnceJwtDecoder implements JwtDecoder {

    private final JwtDecoder signatureVerifier;
    private final OAuth2TokenValidator<Jwt> claims;
    private final Cache<String, Jwt> verified;

    /**
     * @param signatureVerifier parses and checks the signature only (its own claim validation switched off)
     * @param claims            what is checked on every use
     * @param keep              how long a verified token stays cached (its claims are still checked on each use)
     */
    SignatureOnceJwtDecoder(JwtDecoder signatureVerifier, OAuth2TokenValidator<Jwt> claims, long maximumTokens,
            Duration keep) {
        this.signatureVerifier = signatureVerifier;
        this.claims = claims;
        this.verified = Caffeine.newBuilder().maximumSize(maximumTokens).expireAfterWrite(keep).build();
    }

    @Override
    public Jwt decode(String token) {
        Jwt jwt = verified.get(token, signatureVerifier::decode);
        OAuth2TokenValidatorResult result = claims.validate(jwt);
        if (result.hasErrors()) {
            String description = result.getErrors().stream().map(OAuth2Error::getDescription).findFirst()
                    .orElse("Unable to validate the token");
            throw new JwtValidationException("An error occurred while attempting to decode the Jwt: " + description,
                    result.getErrors());
        }
        return jwt;
    }
}
