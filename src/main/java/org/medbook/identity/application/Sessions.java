package org.medbook.identity.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;

import org.medbook.identity.Permission;
import org.medbook.identity.Role;
import org.medbook.identity.domain.RefreshTokens;
import org.medbook.identity.domain.User;
import org.springframework.stereotype.Component;

/** Starts and continues sign-in sessions: an access token plus a rotating refresh token. */
@Component
public class Sessions {

    private final AccessTokens accessTokens;
    private final RefreshTokens refreshTokens;
    private final IdentityProperties properties;
    private final Clock clock;

    Sessions(AccessTokens accessTokens, RefreshTokens refreshTokens, IdentityProperties properties, Clock clock) {
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.properties = properties;
        this.clock = clock;
    }

    public TokenView start(User user) {
        return continueSession(user, UUID.randomUUID());
    }

    /** Issues the next pair of a session (same family). */
    public TokenView continueSession(User user, UUID sessionId) {
        Instant now = clock.instant();
        AccessTokens.Signed access = accessTokens.issue(user, sessionId, now);
        String refresh = refreshTokens.issue(sessionId, user.id(), now, now.plus(properties.tokens().refreshTokenTtl()));
        return new TokenView(access.token(), "Bearer", Duration.between(now, access.expiresAt()).toSeconds(), refresh,
                userRef(user), null);
    }

    public static TokenView.UserRef userRef(User user) {
        return new TokenView.UserRef(user.id().value(),
                user.roles().stream().sorted(Comparator.naturalOrder()).map(Role::name).toList(),
                user.permissions().stream().sorted(Comparator.naturalOrder()).map(Permission::code).toList());
    }
}
