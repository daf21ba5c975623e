package org.medbook.identity.application;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Function;

import org.medbook.identity.IdentityEvents;
import org.medbook.identity.domain.Passkeys;
import org.medbook.identity.domain.SecondFactors;
import org.medbook.identity.domain.Totp;
import org.medbook.identity.domain.User;
import org.medbook.shared.ProblemKind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks a second-factor code of a staff member. Wrong codes are throttled exactly like wrong passwords
 * (the same {@link LoginThrottling}, on a key of the user's own), so the million six-digit codes cannot
 * be tried; an accepted authenticator code's time step is remembered so the code cannot be replayed.
 */
@Component
class SecondFactorCheck {

    enum Factor { TOTP, RECOVERY_CODE }

    private final SecondFactors factors;
    private final Passkeys passkeys;
    private final LoginThrottling throttling;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    SecondFactorCheck(SecondFactors factors, Passkeys passkeys, LoginThrottling throttling, ApplicationEventPublisher events,
            PlatformTransactionManager transactions, Clock clock) {
        this.factors = factors;
        this.passkeys = passkeys;
        this.throttling = throttling;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /**
     * Checks the code and, in the same transaction, runs {@code then} with the factor it matched.
     *
     * @param recoveryAllowed whether a recovery code is accepted in place of an authenticator code
     * @param wrongCode       what a wrong code answers: 401 at sign-in, 422 for a signed-in caller
     */
    <T> Outcome<T> check(User user, String code, boolean recoveryAllowed, ProblemKind wrongCode, String clientIp,
            Function<Factor, Outcome<T>> then) {
        Instant now = clock.instant();
        String key = "mfa:" + user.id().value();
        Optional<Outcome.Refused<T>> refused = throttling.claim(key, now);
        if (refused.isPresent()) {
            return refused.get();
        }
        boolean settled = false;
        try {
            Outcome<T> outcome = transaction.execute(status -> {
                Optional<Factor> factor = match(user, code.strip(), recoveryAllowed, now);
                if (factor.isEmpty()) {
                    throttling.recordFailure(key, Optional.of(user), now, clientIp);
                    events.publishEvent(new IdentityEvents.SecondFactorRefused(UUID.randomUUID(), now,
                            user.id().value(), clientIp));
                    return Outcome.<T>refused(wrongCode, "invalid-second-factor",
                            "The code is not correct or has already been used");
                }
                throttling.recordSuccess(key);
                return then.apply(factor.get());
            });
            settled = true;
            return outcome;
        } finally {
            if (!settled) {
                throttling.release(key);
            }
        }
    }

    /**
     * An authenticator code needs an authenticator; a recovery code is good while the member has a second
     * factor it stands in for, an authenticator app or a passkey.
     */
    private Optional<Factor> match(User user, String code, boolean recoveryAllowed, Instant now) {
        Optional<SecondFactors.TotpFactor> totp = factors.lockTotp(user.id());
        if (code.chars().allMatch(Character::isDigit)) {
            if (totp.isEmpty()) {
                return Optional.empty();
            }
            SecondFactors.TotpFactor factor = totp.get();
            OptionalLong step = Totp.AUTHENTICATOR.match(factor.secret(), code, now, factor.lastUsedStep());
            if (step.isPresent()) {
                factors.acceptStep(user.id(), step.getAsLong(), now);
                return Optional.of(Factor.TOTP);
            }
            return Optional.empty();
        }
        boolean hasAFactor = totp.filter(SecondFactors.TotpFactor::confirmed).isPresent() || passkeys.hasAny(user.id());
        if (recoveryAllowed && hasAFactor && factors.useRecoveryCode(user.id(), code, now)) {
            return Optional.of(Factor.RECOVERY_CODE);
        }
        return Optional.empty();
    }
}
