package org.medbook.identity.application;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;

import org.medbook.identity.IdentityEvents;
import org.medbook.identity.UserId;
import org.medbook.identity.domain.Passkeys;
import org.medbook.identity.domain.RecoveryCodes;
import org.medbook.identity.domain.SecondFactors;
import org.medbook.identity.domain.User;
import org.medbook.identity.domain.Users;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.validation.annotation.Validated;

/**
 * A staff member's recovery codes: issued with their first second factor, whichever kind (an authenticator
 * app's confirmation always issues new ones), and replaced on request. They are good only while a second
 * factor exists, so a member with passkeys alone has them too.
 */
@Component
@Validated
public class RecoveryCodesHandler {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Users users;
    private final SecondFactors factors;
    private final Passkeys passkeys;
    private final SecondFactorCheck check;
    private final CurrentPasswordCheck password;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RecoveryCodesHandler(Users users, SecondFactors factors, Passkeys passkeys, SecondFactorCheck check,
            CurrentPasswordCheck password, ApplicationEventPublisher events, Clock clock) {
        this.users = users;
        this.factors = factors;
        this.passkeys = passkeys;
        this.check = check;
        this.password = password;
        this.events = events;
        this.clock = clock;
    }

    /**
     * New recovery codes (the old ones stop working), against a current authenticator code or the current
     * password; both count toward the sign-in lockout when wrong. A recovery code cannot mint new ones.
     */
    public RecoveryCodesView handle(@Valid RegenerateRecoveryCodesCommand command) {
        User user = StaffMember.active(users, command.userId());
        if (command.withPassword()) {
            refuseWithoutASecondFactor(user);
            return password.check(user, command.currentPassword(), command.clientIp(), now -> {
                factors.lockFactorsOf(user.id());
                refuseWithoutASecondFactor(user);
                return regenerated(user, "password", now, command.clientIp());
            });
        }
        if (!factors.hasConfirmedTotp(user.id())) {
            throw new MedbookException(ProblemKind.CONFLICT, "mfa-not-enrolled",
                    "No authenticator app is enrolled: confirm with your current password instead");
        }
        return check.check(user, command.code(), false, ProblemKind.RULE_BROKEN, command.clientIp(),
                factor -> Outcome.success(regenerated(user, "totp", clock.instant(), command.clientIp()))).orThrow();
    }

    /** Ten new codes in place of any the member had, in the caller's transaction; shown this once. */
    RecoveryCodesView issue(UserId userId, Instant now) {
        List<String> codes = RecoveryCodes.generate(RANDOM);
        factors.replaceRecoveryCodes(userId, codes, now);
        return new RecoveryCodesView(codes);
    }

    private RecoveryCodesView regenerated(User user, String confirmedWith, Instant now, String clientIp) {
        events.publishEvent(new IdentityEvents.RecoveryCodesRegenerated(UUID.randomUUID(), now, user.id().value(),
                confirmedWith, clientIp));
        return issue(user.id(), now);
    }

    private void refuseWithoutASecondFactor(User user) {
        if (!factors.hasConfirmedTotp(user.id()) && !passkeys.hasAny(user.id())) {
            throw new MedbookException(ProblemKind.CONFLICT, "mfa-not-enrolled",
                    "No second factor is enrolled: recovery codes come with an authenticator app or a passkey");
        }
    }
}
