package org.medbook.identity.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.medbook.identity.UserId;

/** Staff members' second factors: an authenticator secret (kept encrypted) and recovery codes (kept hashed). */
public interface SecondFactors {

    /** The authenticator of one user, its secret in the clear (only ever in memory). */
    record TotpFactor(UserId userId, byte[] secret, Instant confirmedAt, Long lastUsedStep) {

        public boolean confirmed() {
            return confirmedAt != null;
        }
    }

    /** Stores a new, unconfirmed secret in place of any earlier unconfirmed one. */
    void startTotp(UserId userId, byte[] secret, Instant now);

    /** The user's authenticator, its row locked for the caller's transaction (no two codes race). */
    Optional<TotpFactor> lockTotp(UserId userId);

    boolean hasConfirmedTotp(UserId userId);

    /** Whether the user has an authenticator, confirmed or still being enrolled. */
    boolean hasTotp(UserId userId);

    /** Confirms the enrolment (if it was not) and remembers the step whose code was just accepted. */
    void acceptStep(UserId userId, long step, Instant now);

    /** Replaces every recovery code of the user. */
    void replaceRecoveryCodes(UserId userId, List<String> codes, Instant now);

    /** Uses up one unused recovery code; false when it is unknown or used. */
    boolean useRecoveryCode(UserId userId, String code, Instant now);

    int recoveryCodesLeft(UserId userId);

    /**
     * Holds the user's second factors still for the caller's transaction: two removals (or a removal and
     * a first registration) of the same member run one after the other, so neither misses the other.
     */
    void lockFactorsOf(UserId userId);

    /** Removes the user's authenticator, confirmed or not; empty when there was none, else whether it was confirmed. */
    Optional<Boolean> removeTotp(UserId userId);

    /** Removes every recovery code of the user; returns how many were still unused. */
    int removeRecoveryCodes(UserId userId);

    /** What {@link #removeAll} removed. */
    record Removed(boolean totp, int recoveryCodes) {
    }

    /** Removes the user's authenticator (confirmed or not) and every recovery code. */
    Removed removeAll(UserId userId);
}
