package org.medbook.identity.application;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.medbook.identity.IdentityEvents;
import org.medbook.identity.domain.LoginFailures;
import org.medbook.identity.domain.LoginThrottle;
import org.medbook.identity.domain.User;
import org.medbook.shared.ProblemKind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies the {@link LoginThrottle} to an e-mail address for every password check. A check is
 * claimed (and committed) before the password is hashed and settled afterwards, so simultaneous
 * guesses are counted as if they came one after the other.
 */
@Component
class LoginThrottling {

    /** A claim whose check never settled (its node died) stops counting after this. */
    static final Duration CLAIM_LIFETIME = Duration.ofSeconds(30);
    /** When checks under way already use up what is left, a retry makes sense once they have settled. */
    private static final Duration BUSY_RETRY = Duration.ofSeconds(1);

    private final LoginFailures failures;
    private final LoginThrottle throttle;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate ownTransaction;

    LoginThrottling(LoginFailures failures, IdentityProperties properties, ApplicationEventPublisher events,
            PlatformTransactionManager transactions) {
        this.failures = failures;
        IdentityProperties.Staff staff = properties.staff();
        this.throttle = new LoginThrottle(staff.freeLoginFailures(), staff.firstLock(), staff.maxLock());
        this.events = events;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Claims one password check in a transaction of its own, so every other request sees it at once.
     *
     * @return the refusal when the address is locked or its remaining tries are already under way;
     *         empty when the caller may check the password and must then settle the claim
     */
    <T> Optional<Outcome.Refused<T>> claim(String email, Instant now) {
        Boolean granted = ownTransaction.execute(status ->
                failures.claimCheck(email, now, throttle.freeFailures(), now.plus(CLAIM_LIFETIME)));
        if (Boolean.TRUE.equals(granted)) {
            return Optional.empty();
        }
        Duration retryAfter = failures.lockedUntil(email, now).map(until -> Duration.between(now, until)).orElse(BUSY_RETRY);
        return Optional.of(new Outcome.Refused<>(ProblemKind.TOO_MANY_REQUESTS, "sign-in-locked",
                "Too many failed attempts; try again later", Map.of(), retryAfter));
    }

    /** Settles a claimed check that failed; locks the address when that was one too many. */
    void recordFailure(String email, Optional<User> user, Instant now, String clientIp) {
        int count = failures.recordFailure(email, now);
        throttle.lockAfter(count, now).ifPresent(until -> {
            failures.lock(email, until);
            user.ifPresent(account -> events.publishEvent(new IdentityEvents.AccountLocked(UUID.randomUUID(), now,
                    account.id().value(), until, clientIp)));
        });
    }

    /** Settles a claimed check that succeeded. */
    void recordSuccess(String email) {
        failures.recordSuccess(email);
    }

    /** Gives back a claim whose check did not happen or whose outcome was not recorded. */
    void release(String email) {
        ownTransaction.executeWithoutResult(status -> failures.release(email));
    }
}
