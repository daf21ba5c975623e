package org.medbook.identity.application;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.validation.Valid;

import org.medbook.identity.IdentityEvents;
import org.medbook.identity.domain.RefreshTokens;
import org.medbook.identity.domain.StaffSessionLimits;
import org.medbook.identity.domain.User;
import org.medbook.identity.domain.Users;
import org.medbook.shared.ProblemKind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/**
 * Trades a refresh token for a new pair. Each token works once; presenting an already rotated one
 * means it was copied, so the whole session (family) is revoked, its access tokens included. A staff
 * session past its absolute lifetime or idle timeout ends instead of being continued.
 */
@Component
@Validated
public class RefreshHandler {

    private final RefreshTokens refreshTokens;
    private final Users users;
    private final Sessions sessions;
    private final SessionTermination termination;
    private final ApplicationEventPublisher events;
    private final StaffSessionLimits staffLimits;
    private final Clock clock;

    RefreshHandler(RefreshTokens refreshTokens, Users users, Sessions sessions, SessionTermination termination,
            ApplicationEventPublisher events, IdentityProperties properties, Clock clock) {
        this.staffLimits = properties.staff().sessionLimits();
        this.refreshTokens = refreshTokens;
        this.users = users;
        this.sessions = sessions;
        this.termination = termination;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public Outcome<TokenView> handle(@Valid RefreshCommand command) {
        Instant now = clock.instant();
        Optional<RefreshTokens.StoredRefreshToken> found = refreshTokens.lock(command.refreshToken());
        if (found.isEmpty()) {
            return invalid();
        }
        RefreshTokens.StoredRefreshToken token = found.get();
        if (token.alreadyRotated() && token.revokedAt() == null) {
            termination.endSession(token.familyId(), now);
            events.publishEvent(new IdentityEvents.RefreshTokenReused(UUID.randomUUID(), now, token.userId().value(),
                    token.familyId(), command.clientIp()));
            return invalid();
        }
        if (!token.usable(now)) {
            return invalid();
        }
        Optional<User> user = users.findById(token.userId()).filter(User::isActive);
        if (user.isEmpty() || user.get().passwordChangeRequired()) {
            termination.endSession(token.familyId(), now);
            return invalid();
        }
        if (user.get().isStaff() && staffLimits.ended(refreshTokens.timesOf(token.familyId()), now)) {
            termination.endSession(token.familyId(), now);
            return Outcome.refused(ProblemKind.UNAUTHORIZED, "session-expired",
                    "The session has reached its time limit; sign in again");
        }
        refreshTokens.markRotated(command.refreshToken(), now);
        return Outcome.success(sessions.continueSession(user.get(), token.familyId()));
    }

    private static Outcome<TokenView> invalid() {
        return Outcome.refused(ProblemKind.UNAUTHORIZED, "invalid-refresh-token",
                "The refresh token is not valid; sign in again");
    }
}
