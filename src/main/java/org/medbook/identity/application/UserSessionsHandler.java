package org.medbook.identity.application;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.medbook.identity.IdentityEvents;
import org.medbook.identity.Role;
import org.medbook.identity.UserId;
import org.medbook.identity.domain.RefreshTokens;
import org.medbook.identity.domain.StaffSessionLimits;
import org.medbook.identity.domain.User;
import org.medbook.identity.domain.Users;
import org.medbook.shared.Caller;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * An administrator's view of a user's sessions, and their ending. Ending reuses what suspension and
 * password changes do: the refresh tokens stop at once, and every node refuses the sessions' access
 * tokens as soon as the transaction commits.
 */
@Component
public class UserSessionsHandler {

    private final Users users;
    private final RefreshTokens refreshTokens;
    private final SessionTermination termination;
    private final StaffSessionLimits staffLimits;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    UserSessionsHandler(Users users, RefreshTokens refreshTokens, SessionTermination termination,
            IdentityProperties properties, ApplicationEventPublisher events, Clock clock) {
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.termination = termination;
        this.staffLimits = properties.staff().sessionLimits();
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<SessionView> list(UUID userId) {
        User user = user(userId);
        Instant now = clock.instant();
        return refreshTokens.liveSessionsOf(user.id(), now).stream()
                .filter(session -> !user.isStaff() || !staffLimits.ended(session, now))
                .map(session -> new SessionView(session.sessionId(), session.startedAt(), session.lastRefreshedAt(),
                        user.isStaff() ? endsBy(session) : null))
                .toList();
    }

    /** Ends every session of the user, and every access token issued to them until now. */
    @Transactional
    public void revokeAll(UUID userId, Caller actor) {
        User user = target(userId, actor);
        Instant now = clock.instant();
        termination.endAllSessionsOf(user.id(), now);
        events.publishEvent(new IdentityEvents.SessionsRevoked(UUID.randomUUID(), now, actor.userId(), userId, null,
                actor.clientIp()));
    }

    @Transactional
    public void revoke(UUID userId, UUID sessionId, Caller actor) {
        User user = target(userId, actor);
        if (!refreshTokens.belongsTo(sessionId, user.id())) {
            throw MedbookException.notFound("Session");
        }
        Instant now = clock.instant();
        termination.endSession(sessionId, now);
        events.publishEvent(new IdentityEvents.SessionsRevoked(UUID.randomUUID(), now, actor.userId(), userId, sessionId,
                actor.clientIp()));
    }

    private Instant endsBy(RefreshTokens.SessionTimes session) {
        Instant absolute = session.startedAt().plus(staffLimits.maxAge());
        Instant idle = session.lastRefreshedAt().plus(staffLimits.idle());
        return absolute.isBefore(idle) ? absolute : idle;
    }

    /** As for suspension: only administrators act on administrator and helper accounts. */
    private User target(UUID userId, Caller actor) {
        User user = user(userId);
        boolean targetIsBackOffice = user.roles().contains(Role.ADMIN) || user.roles().contains(Role.HELPER);
        if (targetIsBackOffice && !actor.hasRole(Role.ADMIN.name())) {
            throw new MedbookException(ProblemKind.FORBIDDEN, "forbidden",
                    "Only administrators manage administrator and helper accounts");
        }
        return user;
    }

    private User user(UUID userId) {
        return users.findById(new UserId(userId)).orElseThrow(() -> MedbookException.notFound("User"));
    }
}
