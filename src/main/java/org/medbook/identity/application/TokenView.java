package org.medbook.identity.application;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What a successful sign-in, refresh or password change answers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenView(String accessToken, String tokenType, long expiresIn, String refreshToken, UserRef user,
                        Boolean newUser) {

    public record UserRef(UUID id, List<String> roles, List<String> permissions) {
    }

    public TokenView withNewUser(boolean value) {
        return new TokenView(accessToken, tokenType, expiresIn, refreshToken, user, value);
    }
}
