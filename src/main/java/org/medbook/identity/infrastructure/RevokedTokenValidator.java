package org.medbook.identity.infrastructure;

import java.util.UUID;

import org.medbook.identity.application.RevokedTokens;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Refuses access tokens whose session ended or whose user was cut off (suspension, password change)
 * before they expired. Part of the one decoder behind the REST API and STOMP CONNECT; it asks this
 * node's memory only.
 */
class RevokedTokenValidator implements OAuth2TokenValidator<Jwt> {

    /** The description of the error, which the REST and STOMP refusals repeat to the client. */
    static final String REVOKED = "The access token has been revoked";

    private static final OAuth2Error ERROR = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, REVOKED, null);

    private final RevokedTokens revoked;

    RevokedTokenValidator(RevokedTokens revoked) {
        this.revoked = revoked;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        UUID userId = uuid(jwt.getSubject());
        UUID sessionId = uuid(jwt.getClaimAsString("sid"));
        return revoked.revoked(userId, sessionId, jwt.getIssuedAt()) ? OAuth2TokenValidatorResult.failure(ERROR)
                : OAuth2TokenValidatorResult.success();
    }

    private static UUID uuid(String value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException notOurs) {
            return null;
        }
    }
}
