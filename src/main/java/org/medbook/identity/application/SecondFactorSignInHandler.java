package org.medbook.identity.application;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.validation.Valid;

import org.medbook.identity.IdentityEvents;
import org.medbook.identity.domain.MfaChallenges;
import org.medbook.identity.domain.User;
import org.medbook.identity.domain.Users;
import org.medbook.shared.ProblemKind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.validation.annotation.Validated;

/**
 * Completes a staff sign-in whose password was right: a current authenticator code (each accepted
 * once) or an unused recovery code turns the challenge into a session. A challenge works once and
 * only for a few minutes; wrong codes count toward the lockout.
 */
@Component
@Validated
public class SecondFactorSignInHandler {

    private final MfaChallenges challenges;
    private final Users users;
    private final SecondFactorCheck check;
    private final Sessions sessions;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    SecondFactorSignInHandler(MfaChallenges challenges, Users users, SecondFactorCheck check, Sessions sessions,
            ApplicationEventPublisher events, Clock clock) {
        this.challenges = challenges;
        this.users = users;
        this.check = check;
        this.sessions = sessions;
        this.events = events;
        this.clock = clock;
    }

    public Outcome<TokenView> handle(@Valid SecondFactorSignInCommand command) {
        Instant now = clock.instant();
        Optional<User> user = challenges.find(command.mfaToken(), now).flatMap(users::findById).filter(User::isActive);
        if (user.isEmpty()) {
            return invalidChallenge();
        }
        return check.check(user.get(), command.code(), true, ProblemKind.UNAUTHORIZED, command.clientIp(), factor -> {
            if (!challenges.use(command.mfaToken(), now)) {
                return invalidChallenge();
            }
            String method = factor == SecondFactorCheck.Factor.TOTP ? "password+totp" : "password+recovery-code";
            events.publishEvent(new IdentityEvents.UserSignedIn(UUID.randomUUID(), now, user.get().id().value(), method,
                    command.clientIp()));
            return Outcome.success(sessions.start(user.get()));
        });
    }

    private static Outcome<TokenView> invalidChallenge() {
        return Outcome.refused(ProblemKind.UNAUTHORIZED, "invalid-mfa-token",
                "The sign-in has expired or was already completed; sign in with your password again");
    }
}
