package org.medbook.identity.application;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.validation.Valid;

import org.medbook.identity.IdentityEvents;
import org.medbook.identity.UserId;
import org.medbook.identity.domain.Base32;
import org.medbook.identity.domain.Passkeys;
import org.medbook.identity.domain.SecondFactors;
import org.medbook.identity.domain.Totp;
import org.medbook.identity.domain.User;
import org.medbook.identity.domain.Users;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/**
 * A staff member's authenticator app: enrolment in two steps (a new secret, shown once as a QR URI, then
 * a first valid code that confirms it and hands out the recovery codes) and its removal against the
 * current password. The steps share their rules (staff only, one authenticator), hence one handler.
 */
@Component
@Validated
public class TotpEnrolmentHandler {

    /** 160 bits, the HMAC-SHA1 block RFC 4226 recommends. */
    private static final int SECRET_BYTES = 20;
    private static final String ISSUER = "Medbook";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Users users;
    private final SecondFactors factors;
    private final Passkeys passkeys;
    private final SecondFactorCheck check;
    private final RecoveryCodesHandler recoveryCodes;
    private final CurrentPasswordCheck password;
    private final OwnSecondFactorRemoval removal;
    private final ApplicationEventPublisher events;
    private final IdentityProperties properties;
    private final Clock clock;

    TotpEnrolmentHandler(Users users, SecondFactors factors, Passkeys passkeys, SecondFactorCheck check,
            RecoveryCodesHandler recoveryCodes, CurrentPasswordCheck password, OwnSecondFactorRemoval removal,
            ApplicationEventPublisher events, IdentityProperties properties, Clock clock) {
        this.users = users;
        this.factors = factors;
        this.passkeys = passkeys;
        this.check = check;
        this.recoveryCodes = recoveryCodes;
        this.password = password;
        this.removal = removal;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public SecondFactorStatusView status(UUID userId) {
        UserId id = new UserId(userId);
        return new SecondFactorStatusView(factors.hasConfirmedTotp(id), factors.recoveryCodesLeft(id),
                properties.staff().mfa() == IdentityProperties.Staff.Mfa.REQUIRED, passkeys.of(id).size());
    }

    /** A new secret; refused once an authenticator is confirmed (it is not silently replaced). */
    @Transactional
    public TotpEnrolmentView start(UUID userId) {
        User user = staff(userId);
        refuseIfEnrolled(user);
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        factors.startTotp(user.id(), secret, clock.instant());
        Totp totp = Totp.AUTHENTICATOR;
        String account = user.email().orElse(user.id().toString());
        return new TotpEnrolmentView(Base32.encode(secret),
                totp.provisioningUri(ISSUER, account, secret), "SHA1", totp.digits(), (int) totp.stepSeconds());
    }

    /** The first valid code confirms the enrolment; the recovery codes are shown this once. */
    public RecoveryCodesView confirm(@Valid SecondFactorCodeCommand command) {
        User user = staff(command.userId());
        refuseIfEnrolled(user);
        return check.check(user, command.code(), false, ProblemKind.RULE_BROKEN, command.clientIp(), factor -> {
            Instant now = clock.instant();
            events.publishEvent(new IdentityEvents.SecondFactorEnrolled(UUID.randomUUID(), now, user.id().value(), "totp",
                    command.clientIp()));
            return Outcome.success(recoveryCodes.issue(user.id(), now));
        }).orThrow();
    }

    /**
     * Removes the member's authenticator app (or an enrolment never confirmed) once their current password is
     * proven; the last second factor stays where one is required, and the recovery codes go with it otherwise.
     */
    public void remove(@Valid RemoveAuthenticatorCommand command) {
        User user = staff(command.userId());
        if (!factors.hasTotp(user.id())) {
            throw MedbookException.notFound("Authenticator");
        }
        password.check(user, command.currentPassword(), command.clientIp(), now -> {
            // the authenticator's row first, as a code being checked locks it, then the member's factors
            SecondFactors.TotpFactor totp = factors.lockTotp(user.id())
                    .orElseThrow(() -> MedbookException.notFound("Authenticator"));
            factors.lockFactorsOf(user.id());
            removal.remove(user, totp.confirmed(), () -> factors.removeTotp(user.id()), now, command.clientIp());
            events.publishEvent(new IdentityEvents.AuthenticatorRemoved(UUID.randomUUID(), now, user.id().value(),
                    totp.confirmed(), command.clientIp()));
        });
    }

    private void refuseIfEnrolled(User user) {
        if (factors.hasConfirmedTotp(user.id())) {
            throw new MedbookException(ProblemKind.CONFLICT, "mfa-already-enrolled", "An authenticator is already enrolled");
        }
    }

    private User staff(UUID userId) {
        return StaffMember.active(users, userId);
    }
}
