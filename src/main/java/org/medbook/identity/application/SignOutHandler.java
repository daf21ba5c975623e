package org.medbook.identity.application;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.medbook.identity.IdentityEvents;
import org.medbook.identity.domain.RefreshTokens;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ends the session a refresh token belongs to, its access tokens included. Unknown tokens are
 * ignored: signing out always works.
 */
@Component
public class SignOutHandler {

    private final RefreshTokens refreshTokens;
    private final SessionTermination sessions;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    SignOutHandler(RefreshTokens refreshTokens, SessionTermination sessions, ApplicationEventPublisher events,
            Clock clock) {
        this.refreshTokens = refreshTokens;
        this.sessions = sessions;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public void handle(RefreshCommand command) {
        Instant now = clock.instant();
        refreshTokens.lock(command.refreshToken()).ifPresent(token -> {
            if (token.revokedAt() == null) {
                // a session ended before was recorded then
                sessions.endSession(token.familyId(), now);
            }
            events.publishEvent(new IdentityEvents.SignedOut(UUID.randomUUID(), now, token.userId().value(),
                    command.clientIp()));
        });
    }
}
