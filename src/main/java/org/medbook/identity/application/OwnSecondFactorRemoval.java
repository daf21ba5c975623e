package org.medbook.identity.application;

import java.time.Instant;
import java.util.UUID;

import org.medbook.identity.IdentityEvents;
import org.medbook.identity.domain.Passkeys;
import org.medbook.identity.domain.SecondFactors;
import org.medbook.identity.domain.User;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The rule every removal of one's own second factor follows, whichever kind it is: where the platform
 * requires a second factor ({@code MEDBOOK_STAFF_MFA=required}) the last one stays; when the last one
 * goes, the recovery codes go with it, since they stand in for a factor that is no more. Runs in the
 * caller's transaction, with the member's factors locked ({@link SecondFactors#lockFactorsOf}) by the caller
 * before it looked at what it removes.
 */
@Component
class OwnSecondFactorRemoval {

    static final String LAST_SECOND_FACTOR = "last-second-factor";

    private final SecondFactors factors;
    private final Passkeys passkeys;
    private final ApplicationEventPublisher events;
    private final boolean required;

    OwnSecondFactorRemoval(SecondFactors factors, Passkeys passkeys, ApplicationEventPublisher events,
            IdentityProperties properties) {
        this.factors = factors;
        this.passkeys = passkeys;
        this.events = events;
        this.required = properties.staff().mfa() == IdentityProperties.Staff.Mfa.REQUIRED;
    }

    /**
     * Removes one factor of the member by {@code removal}; {@code isAFactor} is false for what is not one
     * yet (an authenticator never confirmed), which neither the rule nor the recovery codes care about.
     */
    void remove(User user, boolean isAFactor, Runnable removal, Instant now, String clientIp) {
        int before = (factors.hasConfirmedTotp(user.id()) ? 1 : 0) + passkeys.of(user.id()).size();
        boolean last = isAFactor && before <= 1;
        if (last && required) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, LAST_SECOND_FACTOR,
                    "A second factor is required for staff, and this is your last one: enrol another authenticator "
                            + "app or passkey first");
        }
        removal.run();
        if (last) {
            int unused = factors.removeRecoveryCodes(user.id());
            events.publishEvent(new IdentityEvents.RecoveryCodesRemoved(UUID.randomUUID(), now, user.id().value(), unused,
                    clientIp));
        }
    }
}
