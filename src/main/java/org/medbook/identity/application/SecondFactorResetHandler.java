package org.medbook.identity.application;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.validation.Valid;

import org.medbook.identity.IdentityEvents;
import org.medbook.identity.Role;
import org.medbook.identity.UserId;
import org.medbook.identity.domain.MfaChallenges;
import org.medbook.identity.domain.PasskeyCeremonies;
import org.medbook.identity.domain.Passkeys;
import org.medbook.identity.domain.SecondFactors;
import org.medbook.identity.domain.User;
import org.medbook.identity.domain.Users;
import org.medbook.shared.Caller;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/**
 * A staff member lost the device that holds their second factor: an administrator removes all of it
 * (authenticator, passkeys, recovery codes), ends their sessions and pending sign-in, and says why.
 * The member then signs in with the password alone and enrols again (or, when a second factor is
 * required, can only enrol one). Nobody resets their own second factor this way.
 */
@Component
@Validated
public class SecondFactorResetHandler {

    private final Users users;
    private final SecondFactors factors;
    private final Passkeys passkeys;
    private final PasskeyCeremonies ceremonies;
    private final MfaChallenges challenges;
    private final SessionTermination termination;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    SecondFactorResetHandler(Users users, SecondFactors factors, Passkeys passkeys, PasskeyCeremonies ceremonies,
            MfaChallenges challenges, SessionTermination termination, ApplicationEventPublisher events, Clock clock) {
        this.users = users;
        this.factors = factors;
        this.passkeys = passkeys;
        this.ceremonies = ceremonies;
        this.challenges = challenges;
        this.termination = termination;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public void handle(@Valid ResetSecondFactorCommand command) {
        Caller actor = command.actor();
        if (command.userId().equals(actor.userId())) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "self-administration",
                    "You cannot reset your own second factor; another administrator can");
        }
        User user = users.findById(new UserId(command.userId())).orElseThrow(() -> MedbookException.notFound("User"));
        boolean targetIsBackOffice = user.roles().contains(Role.ADMIN) || user.roles().contains(Role.HELPER);
        if (targetIsBackOffice && !actor.hasRole(Role.ADMIN.name())) {
            throw new MedbookException(ProblemKind.FORBIDDEN, "forbidden",
                    "Only administrators manage administrator and helper accounts");
        }
        if (!user.isStaff()) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "not-staff",
                    "Only staff accounts have a second factor");
        }
        Instant now = clock.instant();
        SecondFactors.Removed removed = factors.removeAll(user.id());
        int passkeysRemoved = passkeys.deleteAll(user.id());
        ceremonies.endAllOf(user.id());
        challenges.endAllOf(user.id());
        termination.endAllSessionsOf(user.id(), now);
        events.publishEvent(new IdentityEvents.SecondFactorReset(UUID.randomUUID(), now, actor.userId(), user.id().value(),
                command.reason().strip(), removed.totp(), passkeysRemoved, removed.recoveryCodes(), actor.clientIp()));
    }
}
