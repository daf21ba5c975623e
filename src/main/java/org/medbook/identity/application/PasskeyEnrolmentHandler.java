package org.medbook.identity.application;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.validation.Valid;

import org.medbook.identity.IdentityEvents;
import org.medbook.identity.domain.Passkey;
import org.medbook.identity.domain.PasskeyCeremonies;
import org.medbook.identity.domain.Passkeys;
import org.medbook.identity.domain.SecondFactors;
import org.medbook.identity.domain.User;
import org.medbook.identity.domain.Users;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.validation.annotation.Validated;

/**
 * A staff member's passkeys: registration in two steps (options kept as a ceremony in PostgreSQL, then
 * the authenticator's answer, with recovery codes for a first second factor), their list, and removal
 * against the current password. The steps share their rules (staff only, the ceremony's lifetime), hence
 * one handler.
 */
@Component
@Validated
public class PasskeyEnrolmentHandler {

    private static final int USER_HANDLE_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Users users;
    private final Passkeys passkeys;
    private final SecondFactors factors;
    private final RecoveryCodesHandler recoveryCodes;
    private final OwnSecondFactorRemoval removal;
    private final PasskeyCeremonies ceremonies;
    private final PasskeyRelyingParty relyingParty;
    private final CurrentPasswordCheck password;
    private final ApplicationEventPublisher events;
    private final PasskeyProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;

    PasskeyEnrolmentHandler(Users users, Passkeys passkeys, SecondFactors factors, RecoveryCodesHandler recoveryCodes,
            OwnSecondFactorRemoval removal, PasskeyCeremonies ceremonies, PasskeyRelyingParty relyingParty,
            CurrentPasswordCheck password, ApplicationEventPublisher events, PasskeyProperties properties,
            PlatformTransactionManager transactions, Clock clock) {
        this.users = users;
        this.passkeys = passkeys;
        this.factors = factors;
        this.recoveryCodes = recoveryCodes;
        this.removal = removal;
        this.ceremonies = ceremonies;
        this.relyingParty = relyingParty;
        this.password = password;
        this.events = events;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** Creation options for a new passkey; they exclude the passkeys the caller already has. */
    @Transactional
    public PasskeyOptionsView options(UUID userId) {
        User user = staff(userId);
        byte[] fresh = new byte[USER_HANDLE_BYTES];
        RANDOM.nextBytes(fresh);
        passkeys.userHandle(user.id(), fresh);
        PasskeyRelyingParty.Options options = relyingParty.registrationOptions(user.id());
        Instant expiresAt = clock.instant().plus(properties.ceremonyTtl());
        UUID ceremonyId = UUID.randomUUID();
        ceremonies.start(ceremonyId, user.id(), PasskeyCeremonies.Purpose.REGISTRATION, options.challenge(),
                options.json(), expiresAt);
        return new PasskeyOptionsView(ceremonyId, options.json(), expiresAt);
    }

    /**
     * Verifies the authenticator's answer and keeps the passkey; the member's first second factor comes with
     * recovery codes, as an authenticator app's does. The ceremony is used up first, in its own statement, so
     * a refused answer cannot be tried again against the same challenge.
     */
    public RegisteredPasskeyView register(@Valid RegisterPasskeyCommand command) {
        User user = staff(command.userId());
        Instant now = clock.instant();
        Optional<String> options = ceremonies.take(command.ceremonyId(), user.id(),
                PasskeyCeremonies.Purpose.REGISTRATION, now);
        if (options.isEmpty()) {
            refuse(user, PasskeyRefusals.INVALID_CEREMONY, command.clientIp(), now);
            throw PasskeyRefusals.invalidCeremony(ProblemKind.RULE_BROKEN).toException();
        }
        try {
            return transaction.execute(status -> {
                factors.lockFactorsOf(user.id());
                boolean first = !factors.hasConfirmedTotp(user.id()) && !passkeys.hasAny(user.id());
                Passkey passkey = relyingParty.register(options.get(), command.attestation(), command.label().strip());
                events.publishEvent(new IdentityEvents.SecondFactorEnrolled(UUID.randomUUID(), now, user.id().value(),
                        "passkey", command.clientIp()));
                List<String> codes = first ? recoveryCodes.issue(user.id(), now).recoveryCodes() : List.of();
                return RegisteredPasskeyView.of(PasskeyView.of(passkey), codes);
            });
        } catch (PasskeyRefusedException refused) {
            Outcome.Refused<PasskeyView> problem = PasskeyRefusals.refused(refused.reason(), ProblemKind.RULE_BROKEN);
            refuse(user, problem.slug(), command.clientIp(), now);
            throw problem.toException();
        }
    }

    @Transactional(readOnly = true)
    public List<PasskeyView> list(UUID userId) {
        User user = staff(userId);
        return passkeys.of(user.id()).stream().map(PasskeyView::of).toList();
    }

    /**
     * Removes one of the caller's passkeys once their current password is proven (checked under the sign-in
     * lockout); the last second factor stays where one is required, and the recovery codes go with it otherwise.
     */
    public void delete(@Valid DeletePasskeyCommand command) {
        User user = staff(command.userId());
        password.check(user, command.currentPassword(), command.clientIp(), now -> {
            factors.lockFactorsOf(user.id());
            Passkey passkey = passkeys.of(user.id()).stream().filter(candidate -> candidate.id().equals(command.passkeyId()))
                    .findFirst().orElseThrow(() -> MedbookException.notFound("Passkey"));
            removal.remove(user, true, () -> passkeys.delete(user.id(), passkey.id()), now, command.clientIp());
            events.publishEvent(new IdentityEvents.PasskeyRemoved(UUID.randomUUID(), now, user.id().value(), passkey.id(),
                    passkey.label(), command.clientIp()));
        });
    }

    private void refuse(User user, String slug, String clientIp, Instant now) {
        transaction.executeWithoutResult(status -> events.publishEvent(new IdentityEvents.PasskeyRefused(UUID.randomUUID(),
                now, user.id().value(), "registration", slug, clientIp)));
    }

    private User staff(UUID userId) {
        return StaffMember.active(users, userId);
    }
}
