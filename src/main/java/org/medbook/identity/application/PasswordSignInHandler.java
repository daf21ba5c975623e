package org.medbook.identity.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.validation.Valid;

import org.medbook.identity.IdentityEvents;
import org.medbook.identity.domain.PasswordHasher;
import org.medbook.identity.domain.User;
import org.medbook.identity.domain.Users;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/**
 * Staff sign-in with e-mail and password. An unknown e-mail, a patient account and a wrong password
 * all get the same answer after the same amount of hashing work.
 */
@Component
@Validated
public class PasswordSignInHandler {

    private static final String METHOD = "password";

    private final Users users;
    private final PasswordHasher hasher;
    private final LoginThrottling throttling;
    private final Sessions sessions;
    private final AccessTokens accessTokens;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    PasswordSignInHandler(Users users, PasswordHasher hasher, LoginThrottling throttling, Sessions sessions,
            AccessTokens accessTokens, ApplicationEventPublisher events, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.throttling = throttling;
        this.sessions = sessions;
        this.accessTokens = accessTokens;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public Outcome<TokenView> handle(@Valid PasswordSignInCommand command) {
        Instant now = clock.instant();
        String email = command.email().strip().toLowerCase(Locale.ROOT);
        Optional<Outcome.Refused<TokenView>> locked = throttling.refuseIfLocked(email, now);
        if (locked.isPresent()) {
            return locked.get();
        }
        Optional<User> found = users.findByEmail(email).filter(user -> user.isStaff() && user.passwordHash().isPresent());
        PasswordHasher.Check check = found.isPresent()
                ? hasher.check(command.password(), found.get().passwordHash().orElseThrow())
                : burn(command.password());
        if (!check.matched()) {
            throttling.recordFailure(email, found, now, command.clientIp());
            events.publishEvent(new IdentityEvents.SignInFailed(UUID.randomUUID(), now,
                    found.map(user -> user.id().value()).orElse(null), METHOD, "invalid-credentials", command.clientIp()));
            return Outcome.refused(ProblemKind.UNAUTHORIZED, "invalid-credentials",
                    "The e-mail or password is not correct");
        }
        throttling.clear(email);
        User user = found.get();
        if (check == PasswordHasher.Check.MATCH_BUT_REHASH) {
            upgrade(user, hasher.hash(command.password()), now);
        }
        if (!user.isActive()) {
            return Outcome.refused(ProblemKind.FORBIDDEN, "account-suspended", "This account is suspended");
        }
        if (user.temporaryPasswordExpired(now)) {
            return Outcome.refused(ProblemKind.UNAUTHORIZED, "temporary-password-expired",
                    "The temporary password has expired; ask an administrator for a new one");
        }
        events.publishEvent(new IdentityEvents.UserSignedIn(UUID.randomUUID(), now, user.id().value(), METHOD,
                command.clientIp()));
        if (user.passwordChangeRequired()) {
            AccessTokens.Signed restricted = accessTokens.issuePasswordChangeOnly(user, now);
            return new Outcome.Refused<>(ProblemKind.FORBIDDEN, "password-change-required",
                    "Choose a new password with POST /api/v1/auth/password using the token given here",
                    Map.of("accessToken", restricted.token(), "tokenType", "Bearer",
                            "expiresIn", Duration.between(now, restricted.expiresAt()).toSeconds()), null);
        }
        return Outcome.success(sessions.start(user));
    }

    /** A hash made before passwords were normalised is replaced; if the account changed meanwhile, next time. */
    private void upgrade(User user, String rehash, Instant now) {
        try {
            user.rehashPassword(rehash, now);
            users.update(user);
        } catch (MedbookException changedMeanwhile) {
            // the sign-in stands; the old hash keeps matching until the next one
        }
    }

    private PasswordHasher.Check burn(String password) {
        hasher.burnEquivalentTime(password);
        return PasswordHasher.Check.MISMATCH;
    }
}
