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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.validation.annotation.Validated;

/**
 * Staff sign-in with e-mail and password. An unknown e-mail, a patient account and a wrong password
 * all get the same answer after the same amount of hashing work. The check is claimed before the
 * password is hashed (see {@link LoginThrottling}) and hashing happens outside any transaction, so a
 * flood of guesses neither outruns the lockout nor holds database connections.
 */
@Component
@Validated
public class PasswordSignInHandler {

    private static final String METHOD = "password";

    private final Users users;
    private final PasswordHasher hasher;
    private final LoginThrottling throttling;
    private final SignInCompletion completion;
    private final AccessTokens accessTokens;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    PasswordSignInHandler(Users users, PasswordHasher hasher, LoginThrottling throttling, SignInCompletion completion,
            AccessTokens accessTokens, ApplicationEventPublisher events, PlatformTransactionManager transactions,
            Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.throttling = throttling;
        this.completion = completion;
        this.accessTokens = accessTokens;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    public Outcome<TokenView> handle(@Valid PasswordSignInCommand command) {
        Instant now = clock.instant();
        String email = command.email().strip().toLowerCase(Locale.ROOT);
        Optional<Outcome.Refused<TokenView>> refused = throttling.claim(email, now);
        if (refused.isPresent()) {
            return refused.get();
        }
        boolean settled = false;
        try {
            Optional<User> found = users.findByEmail(email).filter(user -> user.isStaff() && user.passwordHash().isPresent());
            PasswordHasher.Check check = found.isPresent()
                    ? hasher.check(command.password(), found.get().passwordHash().orElseThrow())
                    : burn(command.password());
            String rehash = check == PasswordHasher.Check.MATCH_BUT_REHASH ? hasher.hash(command.password()) : null;
            Outcome<TokenView> outcome = transaction.execute(status -> settle(command, email, found, check, rehash, now));
            settled = true;
            return outcome;
        } finally {
            if (!settled) {
                throttling.release(email);
            }
        }
    }

    private Outcome<TokenView> settle(PasswordSignInCommand command, String email, Optional<User> found,
            PasswordHasher.Check check, String rehash, Instant now) {
        if (!check.matched()) {
            throttling.recordFailure(email, found, now, command.clientIp());
            events.publishEvent(new IdentityEvents.SignInFailed(UUID.randomUUID(), now,
                    found.map(user -> user.id().value()).orElse(null), METHOD, "invalid-credentials", command.clientIp()));
            return Outcome.refused(ProblemKind.UNAUTHORIZED, "invalid-credentials",
                    "The e-mail or password is not correct");
        }
        throttling.recordSuccess(email);
        User user = found.orElseThrow();
        if (rehash != null) {
            upgrade(user, rehash, now);
        }
        if (!user.isActive()) {
            return Outcome.refused(ProblemKind.FORBIDDEN, "account-suspended", "This account is suspended");
        }
        if (user.temporaryPasswordExpired(now)) {
            return Outcome.refused(ProblemKind.UNAUTHORIZED, "temporary-password-expired",
                    "The temporary password has expired; ask an administrator for a new one");
        }
        if (user.passwordChangeRequired()) {
            signedIn(user, command, now);
            AccessTokens.Signed restricted = accessTokens.issuePasswordChangeOnly(user, now);
            return new Outcome.Refused<>(ProblemKind.FORBIDDEN, "password-change-required",
                    "Choose a new password with POST /api/v1/auth/password using the token given here",
                    Map.of("accessToken", restricted.token(), "tokenType", "Bearer",
                            "expiresIn", Duration.between(now, restricted.expiresAt()).toSeconds()), null);
        }
        Outcome<TokenView> completed = completion.afterPassword(user, now);
        // a password step that still awaits a second factor is not a sign-in yet; the second step records one
        if (!(completed instanceof Outcome.Refused<TokenView> pending && pending.slug().equals(SignInCompletion.MFA_REQUIRED))) {
            signedIn(user, command, now);
        }
        return completed;
    }

    private void signedIn(User user, PasswordSignInCommand command, Instant now) {
        events.publishEvent(new IdentityEvents.UserSignedIn(UUID.randomUUID(), now, user.id().value(), METHOD,
                command.clientIp()));
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
