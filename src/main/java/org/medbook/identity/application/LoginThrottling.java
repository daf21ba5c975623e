package org.medbook.identity.application;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.medbook.identity.IdentityEvents;
import org.medbook.identity.domain.LoginFailures;
import org.medbook.identity.domain.LoginThrottle;
import org.medbook.identity.domain.User;
import org.medbook.shared.ProblemKind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** Applies the {@link LoginThrottle} to an e-mail address for every password check. */
@Component
class LoginThrottling {

    private final LoginFailures failures;
    private final LoginThrottle throttle;
    private final ApplicationEventPublisher events;

    LoginThrottling(LoginFailures failures, IdentityProperties properties, ApplicationEventPublisher events) {
        this.failures = failures;
        IdentityProperties.Staff staff = properties.staff();
        this.throttle = new LoginThrottle(staff.freeLoginFailures(), staff.firstLock(), staff.maxLock());
        this.events = events;
    }

    <T> Optional<Outcome.Refused<T>> refuseIfLocked(String email, Instant now) {
        return failures.lockedUntil(email, now).map(until -> new Outcome.Refused<>(ProblemKind.TOO_MANY_REQUESTS,
                "sign-in-locked", "Too many failed attempts; try again later", java.util.Map.of(),
                Duration.between(now, until)));
    }

    void recordFailure(String email, Optional<User> user, Instant now, String clientIp) {
        int count = failures.recordFailure(email, now);
        throttle.lockAfter(count, now).ifPresent(until -> {
            failures.lock(email, until);
            user.ifPresent(account -> events.publishEvent(new IdentityEvents.AccountLocked(UUID.randomUUID(), now,
                    account.id().value(), until, clientIp)));
        });
    }

    void clear(String email) {
        failures.clear(email);
    }
}
