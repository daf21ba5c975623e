package org.medbook.identity;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.medbook.shared.AuditableEvent;

/** Facts the identity module publishes (through the outbox) for audit, notifications and others. */
public final class IdentityEvents {

    private IdentityEvents() {
    }

    public record UserSignedIn(UUID eventId, Instant occurredAt, UUID userId, String method, String clientIp)
            implements AuditableEvent {
        public UUID actorId() { return userId; }
        public String action() { return "sign-in.succeeded"; }
        public String target() { return "user:" + userId; }
        public Map<String, Object> details() { return Map.of("method", method); }
    }

    /** {@code userId} is null when no account matched (we still record the attempt). */
    public record SignInFailed(UUID eventId, Instant occurredAt, UUID userId, String method, String reason,
                               String clientIp) implements AuditableEvent {
        public UUID actorId() { return userId; }
        public String action() { return "sign-in.failed"; }
        public String target() { return userId == null ? null : "user:" + userId; }
        public Map<String, Object> details() { return Map.of("method", method, "reason", reason); }
    }

    public record AccountLocked(UUID eventId, Instant occurredAt, UUID userId, Instant lockedUntil, String clientIp)
            implements AuditableEvent {
        public UUID actorId() { return null; }
        public String action() { return "account.locked"; }
        public String target() { return "user:" + userId; }
        public Map<String, Object> details() { return Map.of("lockedUntil", lockedUntil.toString()); }
    }

    public record RefreshTokenReused(UUID eventId, Instant occurredAt, UUID userId, UUID sessionId, String clientIp)
            implements AuditableEvent {
        public UUID actorId() { return null; }
        public String action() { return "token.reuse-detected"; }
        public String target() { return "user:" + userId; }
        public Map<String, Object> details() { return Map.of("sessionId", sessionId.toString()); }
    }

    public record PatientRegistered(UUID eventId, Instant occurredAt, UUID userId, String method, String clientIp)
            implements AuditableEvent {
        public UUID actorId() { return userId; }
        public String action() { return "user.registered"; }
        public String target() { return "user:" + userId; }
        public Map<String, Object> details() { return Map.of("method", method); }
    }

    public record StaffAccountCreated(UUID eventId, Instant occurredAt, UUID actorId, UUID userId, Role role,
                                      String clientIp) implements AuditableEvent {
        public String action() { return "staff.created"; }
        public String target() { return "user:" + userId; }
        public Map<String, Object> details() { return Map.of("role", role.name()); }
    }

    public record PermissionsChanged(UUID eventId, Instant occurredAt, UUID actorId, UUID userId,
                                     List<String> granted, List<String> revoked, String clientIp)
            implements AuditableEvent {
        public String action() { return "permissions.changed"; }
        public String target() { return "user:" + userId; }
        public Map<String, Object> details() { return Map.of("granted", granted, "revoked", revoked); }
    }

    public record UserSuspended(UUID eventId, Instant occurredAt, UUID actorId, UUID userId, String reason,
                                String clientIp) implements AuditableEvent {
        public String action() { return "user.suspended"; }
        public String target() { return "user:" + userId; }
        public Map<String, Object> details() { return reason == null ? Map.of() : Map.of("reason", reason); }
    }

    public record UserReactivated(UUID eventId, Instant occurredAt, UUID actorId, UUID userId, String clientIp)
            implements AuditableEvent {
        public String action() { return "user.reactivated"; }
        public String target() { return "user:" + userId; }
    }

    public record PasswordChanged(UUID eventId, Instant occurredAt, UUID userId, String clientIp)
            implements AuditableEvent {
        public UUID actorId() { return userId; }
        public String action() { return "password.changed"; }
        public String target() { return "user:" + userId; }
    }

    public record PasswordResetIssued(UUID eventId, Instant occurredAt, UUID actorId, UUID userId, String clientIp)
            implements AuditableEvent {
        public String action() { return "password.reset-issued"; }
        public String target() { return "user:" + userId; }
    }

    public record ContactChanged(UUID eventId, Instant occurredAt, UUID userId, String channel, String clientIp)
            implements AuditableEvent {
        public UUID actorId() { return userId; }
        public String action() { return "contact.changed"; }
        public String target() { return "user:" + userId; }
        public Map<String, Object> details() { return Map.of("channel", channel); }
    }

    /**
     * A staff member's temporary password, for the e-mail that tells them (account created or reset
     * by an admin). The password travels only encrypted ({@link #CIPHER_CONTEXT} + userId as the
     * context of {@link org.medbook.shared.crypto.FieldCipher}); nothing else ever holds it.
     */
    public record TemporaryPasswordIssued(UUID eventId, Instant occurredAt, UUID userId, boolean reset,
                                          byte[] sealedPassword, Instant expiresAt) {

        public static final String CIPHER_CONTEXT = "identity.temporary-password:";

        @Override
        public String toString() {
            return "TemporaryPasswordIssued[" + eventId + ", user " + userId + ", reset " + reset + "]";
        }
    }

    public record SignedOut(UUID eventId, Instant occurredAt, UUID userId, String clientIp) implements AuditableEvent {
        public UUID actorId() { return userId; }
        public String action() { return "sign-out"; }
        public String target() { return "user:" + userId; }
    }

    public record PersonalDataExportRequested(UUID eventId, Instant occurredAt, UUID userId, UUID exportId,
                                              String clientIp) implements AuditableEvent {
        public UUID actorId() { return userId; }
        public String action() { return "personal-data.export-requested"; }
        public String target() { return "user:" + userId; }
        public Map<String, Object> details() { return Map.of("exportId", exportId.toString()); }
    }

    /** The export is built and can be downloaded by its owner until {@code expiresAt}. */
    public record PersonalDataExportReady(UUID eventId, Instant occurredAt, UUID userId, UUID exportId,
                                          Instant expiresAt) {
    }

    public record PersonalDataExportDownloaded(UUID eventId, Instant occurredAt, UUID userId, UUID exportId,
                                               String clientIp) implements AuditableEvent {
        public UUID actorId() { return userId; }
        public String action() { return "personal-data.export-downloaded"; }
        public String target() { return "user:" + userId; }
        public Map<String, Object> details() { return Map.of("exportId", exportId.toString()); }
    }

    /**
     * An account was erased at its owner's request ({@code actorId} the user) or by staff acting on a
     * request received by other means. Carries ids only: after this nothing names the person.
     */
    public record AccountErased(UUID eventId, Instant occurredAt, UUID actorId, UUID userId, String clientIp)
            implements AuditableEvent {
        public String action() { return "user.erased"; }
        public String target() { return "user:" + userId; }
    }

    /** {@code method} is {@code totp} or {@code passkey}; no secret or key leaves the identity module. */
    public record SecondFactorEnrolled(UUID eventId, Instant occurredAt, UUID userId, String method, String clientIp)
            implements AuditableEvent {
        public UUID actorId() { return userId; }
        public String action() { return "mfa.enrolled"; }
        public String target() { return "user:" + userId; }
        public Map<String, Object> details() { return Map.of("method", method); }
    }

    /** {@code confirmedWith} is {@code totp} (a current authenticator code) or {@code password} (the current password). */
    public record RecoveryCodesRegenerated(UUID eventId, Instant occurredAt, UUID userId, String confirmedWith,
                                           String clientIp) implements AuditableEvent {
        public UUID actorId() { return userId; }
        public String action() { return "mfa.recovery-codes-regenerated"; }
        public String target() { return "user:" + userId; }
        public Map<String, Object> details() { return confirmedWith == null ? Map.of() : Map.of("confirmedWith", confirmedWith); }
    }

    /**
     * A staff member removed their own authenticator app; {@code confirmed} is false when it was an
     * enrolment never confirmed (not yet a second factor).
     */
    public record AuthenticatorRemoved(UUID eventId, Instant occurredAt, UUID userId, boolean confirmed, String clientIp)
            implements AuditableEvent {
        public UUID actorId() { return userId; }
        public String action() { return "mfa.totp-removed"; }
        public String target() { return "user:" + userId; }
        public Map<String, Object> details() { return Map.of("confirmed", confirmed); }
    }

    /**
     * A staff member removed their last second factor, so their recovery codes went with it;
     * {@code unusedCodes} is how many of them had not been used.
     */
    public record RecoveryCodesRemoved(UUID eventId, Instant occurredAt, UUID userId, int unusedCodes, String clientIp)
            implements AuditableEvent {
        public UUID actorId() { return userId; }
        public String action() { return "mfa.recovery-codes-removed"; }
        public String target() { return "user:" + userId; }
        public Map<String, Object> details() { return Map.of("unusedCodes", unusedCodes); }
    }

    /** A wrong or replayed second-factor code (at sign-in, enrolment or regeneration). */
    public record SecondFactorRefused(UUID eventId, Instant occurredAt, UUID userId, String clientIp)
            implements AuditableEvent {
        public UUID actorId() { return null; }
        public String action() { return "mfa.refused"; }
        public String target() { return "user:" + userId; }
    }

    /** A staff member removed one of their passkeys (registering one is {@link SecondFactorEnrolled}, method {@code passkey}). */
    public record PasskeyRemoved(UUID eventId, Instant occurredAt, UUID userId, UUID passkeyId, String label,
                                 String clientIp) implements AuditableEvent {
        public UUID actorId() { return userId; }
        public String action() { return "mfa.passkey-removed"; }
        public String target() { return "user:" + userId; }
        public Map<String, Object> details() { return Map.of("passkeyId", passkeyId.toString(), "label", label); }
    }

    /** A passkey completed a sign-in; {@code signCount} is the counter it presented. */
    public record PasskeyUsed(UUID eventId, Instant occurredAt, UUID userId, UUID passkeyId, long signCount,
                              String clientIp) implements AuditableEvent {
        public UUID actorId() { return userId; }
        public String action() { return "mfa.passkey-used"; }
        public String target() { return "user:" + userId; }
        public Map<String, Object> details() { return Map.of("passkeyId", passkeyId.toString(), "signCount", signCount); }
    }

    /**
     * A passkey registration or assertion was refused: {@code reason} is the problem slug (a wrong
     * origin, a replayed challenge, a cloned authenticator, another user's passkey...).
     */
    public record PasskeyRefused(UUID eventId, Instant occurredAt, UUID userId, String ceremony, String reason,
                                 String clientIp) implements AuditableEvent {
        public UUID actorId() { return null; }
        public String action() { return "mfa.refused"; }
        public String target() { return "user:" + userId; }
        public Map<String, Object> details() { return Map.of("method", "passkey", "ceremony", ceremony, "reason", reason); }
    }

    /**
     * An administrator removed every second factor of a staff member (a lost device): authenticator,
     * passkeys and recovery codes; the member's sessions ended with them.
     */
    public record SecondFactorReset(UUID eventId, Instant occurredAt, UUID actorId, UUID userId, String reason,
                                    boolean totpRemoved, int passkeysRemoved, int recoveryCodesRemoved, String clientIp)
            implements AuditableEvent {
        public String action() { return "mfa.reset"; }
        public String target() { return "user:" + userId; }
        public Map<String, Object> details() {
            return Map.of("reason", reason, "totpRemoved", totpRemoved, "passkeysRemoved", passkeysRemoved,
                    "recoveryCodesRemoved", recoveryCodesRemoved);
        }
    }

    /** An administrator ended one session of a user ({@code sessionId}) or all of them (null). */
    public record SessionsRevoked(UUID eventId, Instant occurredAt, UUID actorId, UUID userId, UUID sessionId,
                                  String clientIp) implements AuditableEvent {
        public String action() { return "sessions.revoked"; }
        public String target() { return "user:" + userId; }
        public Map<String, Object> details() {
            return sessionId == null ? Map.of("scope", "all") : Map.of("scope", "one", "sessionId", sessionId.toString());
        }
    }
}
