package org.medbook.identity.infrastructure;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;


import org.medbook.identity.application.GoogleIdTokens;
import org.medbook.identity.application.IdentityProperties;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.medbook.shared.http.ProviderHttpClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;

/**
 * Verifies Google ID tokens locally against Google's published keys (JWKS, cached), as Google
 * documents: RS256 signature, {@code iss} is Google, {@code aud} is one of our client ids, not
 * expired. Whether its {@code nonce} is one we issued is the sign-in's business.
 */
@Component
class GoogleJwksIdTokens implements GoogleIdTokens {

    private static final Logger log = LoggerFactory.getLogger(GoogleJwksIdTokens.class);

    private final NimbusJwtDecoder decoder;

    GoogleJwksIdTokens(IdentityProperties properties, Clock clock, ProviderHttpClients clients) {
        IdentityProperties.Google google = properties.google();
        // the decoder takes RestOperations only: Boot's RestTemplateBuilder, with the same settings as a RestClient
        this.decoder = NimbusJwtDecoder.withJwkSetUri(google.jwksUri())
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .restOperations(clients.restTemplate(google.timeouts()))
                .build();
        List<String> issuers = google.issuers();
        List<String> clientIds = google.clientIds();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ofSeconds(30));
        timestamps.setClock(clock);
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(
                timestamps,
                new JwtClaimValidator<Object>("exp", exp -> exp != null),
                new JwtClaimValidator<Object>("iss", iss -> iss != null && issuers.contains(iss.toString())),
                new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.stream().anyMatch(clientIds::contains)),
                new JwtClaimValidator<String>("sub", sub -> sub != null && !sub.isBlank()));
        decoder.setJwtValidator(validator);
    }

    @Override
    public Optional<GoogleIdentity> verify(String idToken) {
        Jwt jwt;
        try {
            jwt = decoder.decode(idToken);
        } catch (BadJwtException invalid) {
            log.info("Rejected a Google ID token: {}", invalid.getMessage());
            return Optional.empty();
        } catch (JwtException unavailable) {
            log.warn("Could not verify a Google ID token: {}", unavailable.getMessage());
            throw new MedbookException(ProblemKind.UNAVAILABLE, "google-unavailable",
                    "Google sign-in cannot be verified right now; try again shortly");
        }
        Boolean verified = jwt.getClaimAsBoolean("email_verified");
        return Optional.of(new GoogleIdentity(jwt.getSubject(), jwt.getClaimAsString("email"),
                Boolean.TRUE.equals(verified), jwt.getClaimAsString("name"), jwt.getClaimAsString("nonce")));
    }

}
