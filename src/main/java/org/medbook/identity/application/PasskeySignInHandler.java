package org.medbook.identity.application;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.medbook.identity.IdentityEvents;
import org.medbook.identity.domain.MfaChallenges;
import org.medbook.identity.domain.Passkey;
import org.medbook.identity.domain.PasskeyCeremonies;
import org.medbook.identity.domain.Passkeys;
import org.medbook.identity.domain.User;
import org.medbook.identity.domain.Users;
import org.medbook.shared.ProblemKind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.validation.annotation.Validated;

/**
 * Completes a staff sign-in whose password was right with one of the member's passkeys: request
 * options for the pending sign-in (only their own passkeys allowed), then the assertion. The ceremony
 * is used up before the assertion is verified, so no answer is accepted twice; a verified assertion
 * whose counter does not move forward is refused as a cloned authenticator.
 */
@Component
@Validated
public class PasskeySignInHandler {

    private final MfaChallenges challenges;
    private final Users users;
    private final Passkeys passkeys;
    private final PasskeyCeremonies ceremonies;
    private final PasskeyRelyingParty relyingParty;
    private final Sessions sessions;
    private final ApplicationEventPublisher events;
    private final PasskeyProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;

    PasskeySignInHandler(MfaChallenges challenges, Users users, Passkeys passkeys, PasskeyCeremonies ceremonies,
            PasskeyRelyingParty relyingParty, Sessions sessions, ApplicationEventPublisher events,
            PasskeyProperties properties, PlatformTransactionManager transactions, Clock clock) {
        this.challenges = challenges;
        this.users = users;
        this.passkeys = passkeys;
        this.ceremonies = ceremonies;
        this.relyingParty = relyingParty;
        this.sessions = sessions;
        this.events = events;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** Request options for the sign-in of {@code mfaToken}; 422 no-passkey when the member has none. */
    public Outcome<PasskeyOptionsView> options(@NotBlank @Size(max = 128) String mfaToken) {
        Instant now = clock.instant();
        Optional<User> user = pending(mfaToken, now);
        if (user.isEmpty()) {
            return invalidChallenge();
        }
        return transaction.execute(status -> {
            if (!passkeys.hasAny(user.get().id())) {
                return Outcome.refused(ProblemKind.RULE_BROKEN, "no-passkey",
                        "No passkey is registered for this account; use an authenticator or recovery code");
            }
            PasskeyRelyingParty.Options options = relyingParty.authenticationOptions(user.get().id());
            Instant expiresAt = now.plus(properties.ceremonyTtl());
            UUID ceremonyId = UUID.randomUUID();
            ceremonies.start(ceremonyId, user.get().id(), PasskeyCeremonies.Purpose.AUTHENTICATION, options.challenge(),
                    options.json(), expiresAt);
            return Outcome.success(new PasskeyOptionsView(ceremonyId, options.json(), expiresAt));
        });
    }

    public Outcome<TokenView> handle(@Valid PasskeySignInCommand command) {
        Instant now = clock.instant();
        Optional<User> found = pending(command.mfaToken(), now);
        if (found.isEmpty()) {
            return invalidChallenge();
        }
        User user = found.get();
        Optional<String> options = ceremonies.take(command.ceremonyId(), user.id(),
                PasskeyCeremonies.Purpose.AUTHENTICATION, now);
        if (options.isEmpty()) {
            return refused(user, PasskeyRefusals.invalidCeremony(ProblemKind.UNAUTHORIZED), command.clientIp(), now);
        }
        try {
            return transaction.execute(status -> {
                Passkey passkey = relyingParty.authenticate(options.get(), command.assertion());
                if (!passkey.userId().equals(user.id())) {
                    throw new PasskeyRefusedException(PasskeyRefusedException.Reason.NOT_ALLOWED_CREDENTIAL,
                            "the passkey belongs to another account");
                }
                if (!challenges.use(command.mfaToken(), now)) {
                    status.setRollbackOnly();
                    return invalidChallenge();
                }
                events.publishEvent(new IdentityEvents.PasskeyUsed(UUID.randomUUID(), now, user.id().value(),
                        passkey.id(), passkey.signCount(), command.clientIp()));
                events.publishEvent(new IdentityEvents.UserSignedIn(UUID.randomUUID(), now, user.id().value(),
                        "password+passkey", command.clientIp()));
                return Outcome.success(sessions.start(user));
            });
        } catch (PasskeyRefusedException refusal) {
            return refused(user, PasskeyRefusals.refused(refusal.reason(), ProblemKind.UNAUTHORIZED), command.clientIp(), now);
        }
    }

    private Optional<User> pending(String mfaToken, Instant now) {
        return challenges.find(mfaToken, now).flatMap(users::findById).filter(User::isActive);
    }

    /** The refusal is audited in a transaction of its own: the one that verified was rolled back. */
    private Outcome<TokenView> refused(User user, Outcome.Refused<TokenView> refusal, String clientIp, Instant now) {
        transaction.executeWithoutResult(status -> events.publishEvent(new IdentityEvents.PasskeyRefused(
                UUID.randomUUID(), now, user.id().value(), "sign-in", refusal.slug(), clientIp)));
        return refusal;
    }

    private static <T> Outcome<T> invalidChallenge() {
        return Outcome.refused(ProblemKind.UNAUTHORIZED, "invalid-mfa-token",
                "The sign-in has expired or was already completed; sign in with your password again");
    }
}
