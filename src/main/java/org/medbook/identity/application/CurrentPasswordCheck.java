package org.medbook.identity.application;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import org.medbook.identity.domain.PasswordHasher;
import org.medbook.identity.domain.User;
import org.medbook.shared.ProblemKind;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A signed-in staff member proves it is still them with their current password before a change that
 * weakens their account (removing a second factor) or replaces its recovery codes. The same lockout as sign-in guards it, and the
 * password is hashed outside any transaction.
 */
@Component
class CurrentPasswordCheck {

    private final PasswordHasher hasher;
    private final LoginThrottling throttling;
    private final TransactionTemplate transaction;
    private final Clock clock;

    CurrentPasswordCheck(PasswordHasher hasher, LoginThrottling throttling, PlatformTransactionManager transactions,
            Clock clock) {
        this.hasher = hasher;
        this.throttling = throttling;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** Runs {@code then} in a transaction once the password matched; throws the refusal otherwise. */
    void check(User user, String password, String clientIp, Consumer<Instant> then) {
        check(user, password, clientIp, now -> {
            then.accept(now);
            return Boolean.TRUE;
        });
    }

    /** Answers what {@code then} answers, run in a transaction once the password matched; throws the refusal otherwise. */
    <T> T check(User user, String password, String clientIp, Function<Instant, T> then) {
        Instant now = clock.instant();
        String email = user.email().orElseThrow();
        Optional<Outcome.Refused<Object>> locked = throttling.claim(email, now);
        if (locked.isPresent()) {
            throw locked.get().toException();
        }
        boolean settled = false;
        try {
            boolean matches = user.passwordHash().map(hash -> hasher.check(password, hash).matched()).orElse(false);
            Outcome<Object> outcome = transaction.execute(status -> {
                if (!matches) {
                    throttling.recordFailure(email, Optional.of(user), now, clientIp);
                    return Outcome.refused(ProblemKind.FORBIDDEN, "invalid-current-password",
                            "The current password is not correct");
                }
                throttling.recordSuccess(email);
                return Outcome.success(Boolean.TRUE);
            });
            settled = true;
            outcome.orThrow();
        } finally {
            if (!settled) {
                throttling.release(email);
            }
        }
        return transaction.execute(status -> then.apply(now));
    }
}
