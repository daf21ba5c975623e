package org.medbook.doctors;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.medbook.shared.AuditableEvent;

/** Facts about doctors. Every one names the doctor, so a read model can refresh it. */
public final class DoctorEvents {

    private DoctorEvents() {
    }

    /** Any change to a doctor that a read model of doctors should pick up. */
    public interface DoctorEvent {
        UUID doctorId();
    }

    public record DoctorCreated(UUID eventId, Instant occurredAt, UUID actorId, UUID doctorId, String clientIp)
            implements DoctorEvent, AuditableEvent {
        public String action() { return "doctor.created"; }
        public String target() { return "doctor:" + doctorId; }
    }

    public record DoctorVerificationDecided(UUID eventId, Instant occurredAt, UUID actorId, UUID doctorId,
                                            String decision, String reason, String clientIp)
            implements DoctorEvent, AuditableEvent {
        public String action() { return "doctor." + decision.toLowerCase(); }
        public String target() { return "doctor:" + doctorId; }
        public Map<String, Object> details() { return reason == null ? Map.of() : Map.of("reason", reason); }
    }

    public record DoctorSuspensionChanged(UUID eventId, Instant occurredAt, UUID actorId, UUID doctorId,
                                          boolean suspended, String reason, String clientIp)
            implements DoctorEvent, AuditableEvent {
        public String action() { return suspended ? "doctor.suspended" : "doctor.reinstated"; }
        public String target() { return "doctor:" + doctorId; }
        public Map<String, Object> details() { return reason == null ? Map.of() : Map.of("reason", reason); }
    }

    /** Profile, fees, specialties or locations changed; {@code byAdmin} marks platform-controlled edits. */
    public record DoctorProfileChanged(UUID eventId, Instant occurredAt, UUID actorId, UUID doctorId, String clientIp)
            implements DoctorEvent, AuditableEvent {
        public String action() { return "doctor.profile-changed"; }
        public String target() { return "doctor:" + doctorId; }
    }

    /**
     * The doctor's account was erased: the profile is unpublished for good and names nobody any more.
     * Read models drop or refresh the doctor as for any change; the erasure itself is audited by identity.
     */
    public record DoctorErased(UUID eventId, Instant occurredAt, UUID doctorId) implements DoctorEvent {
    }

    /** Doctors were loaded in bulk (demo or load-test data): read models should rebuild. */
    public record DoctorsImported(UUID eventId, Instant occurredAt, int count) {
    }

    /** Weekly rules, overrides, time off, notice or horizon changed: free slots may differ. */
    public record DoctorScheduleChanged(UUID eventId, Instant occurredAt, UUID doctorId) implements DoctorEvent {
    }
}
