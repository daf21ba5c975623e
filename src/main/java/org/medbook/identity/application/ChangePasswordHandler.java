package org.medbook.identity.application;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.validation.Valid;

import org.medbook.identity.IdentityEvents;
import org.medbook.identity.UserId;
import org.medbook.identity.domain.PasswordHasher;
import org.medbook.identity.domain.PasswordPolicy;
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
 * A staff member replaces their password (required after a temporary one). Every session of the
 * user ends, access tokens included; the caller continues as after a sign-in (a fresh session, or the
 * second-factor step when one is enrolled or required). The current password is checked under the same
 * lockout as sign-in.
 */
@Component
@Validated
public class ChangePasswordHandler {

    private final Users users;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final LoginThrottling throttling;
    private final SessionTermination termination;
    private final SignInCompletion completion;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    ChangePasswordHandler(Users users, PasswordHasher hasher, PasswordPolicy policy, LoginThrottling throttling,
            SessionTermination termination, SignInCompletion completion, ApplicationEventPublisher events,
            PlatformTransactionManager transactions, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.policy = policy;
        this.throttling = throttling;
        this.termination = termination;
        this.completion = completion;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    public Outcome<TokenView> handle(@Valid ChangePasswordCommand command) {
        Instant now = clock.instant();
        User user = users.findById(new UserId(command.userId())).orElseThrow(() -> MedbookException.notFound("User"));
        user.ensureActive();
        String email = user.email().orElseThrow();
        Optional<Outcome.Refused<TokenView>> refused = throttling.claim(email, now);
        if (refused.isPresent()) {
            return refused.get();
        }
        boolean settled = false;
        try {
            boolean matches = user.passwordHash().map(hash -> hasher.check(command.currentPassword(), hash).matched())
                    .orElse(false);
            if (!matches) {
                Outcome<TokenView> wrong = transaction.execute(status -> {
                    throttling.recordFailure(email, Optional.of(user), now, command.clientIp());
                    return Outcome.<TokenView>refused(ProblemKind.FORBIDDEN, "invalid-current-password",
                            "The current password is not correct");
                });
                settled = true;
                return wrong;
            }
            if (user.temporaryPasswordExpired(now)) {
                return Outcome.refused(ProblemKind.UNAUTHORIZED, "temporary-password-expired",
                        "The temporary password has expired; ask an administrator for a new one");
            }
            refuseWeak(command, email);
            String newHash = hasher.hash(command.newPassword());
            Outcome<TokenView> changed = transaction.execute(status -> {
                throttling.recordSuccess(email);
                user.changePassword(newHash, now);
                users.update(user);
                termination.endAllSessionsOf(user.id(), now);
                events.publishEvent(new IdentityEvents.PasswordChanged(UUID.randomUUID(), now, user.id().value(),
                        command.clientIp()));
                return completion.afterPassword(user, now);
            });
            settled = true;
            return changed;
        } finally {
            if (!settled) {
                throttling.release(email);
            }
        }
    }

    private void refuseWeak(ChangePasswordCommand command, String email) {
        Optional<String> violation = policy.violation(command.newPassword(), email);
        if (violation.isEmpty()
                && PasswordPolicy.normalise(command.newPassword()).equals(PasswordPolicy.normalise(command.currentPassword()))) {
            violation = Optional.of("The new password must differ from the current one");
        }
        if (violation.isPresent()) {
            throw new MedbookException(ProblemKind.BAD_INPUT, "weak-password", violation.get(),
                    Map.of("errors", List.of(Map.of("field", "newPassword", "message", violation.get()))), null);
        }
    }
}
