package org.medbook.visits.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;

/**
 * The video visit of one booking and its two people. The patient who comes first waits until the
 * doctor admits them; from then on the two may signal to each other until the doctor ends the visit
 * or the window closes. Every join and leave is kept as a stay.
 */
public final class Visit {

    private final UUID bookingId;
    private final UUID doctorId;
    private final UUID patientId;
    private final VisitWindow window;
    private final List<Presence> stays;
    private Instant admittedAt;
    private Instant endedAt;
    private UUID endedBy;

    public Visit(UUID bookingId, UUID doctorId, UUID patientId, VisitWindow window, List<Presence> stays,
            Instant admittedAt, Instant endedAt, UUID endedBy) {
        this.bookingId = Objects.requireNonNull(bookingId);
        this.doctorId = Objects.requireNonNull(doctorId);
        this.patientId = Objects.requireNonNull(patientId);
        this.window = Objects.requireNonNull(window);
        this.stays = new ArrayList<>(stays);
        this.admittedAt = admittedAt;
        this.endedAt = endedAt;
        this.endedBy = endedBy;
    }

    /** The caller's place in this visit; a stranger learns nothing (404, as if there were no visit). */
    public Participant roleOf(UUID userId) {
        return findRole(userId).orElseThrow(() -> MedbookException.notFound("Visit"));
    }

    public Optional<Participant> findRole(UUID userId) {
        if (patientId.equals(userId)) {
            return Optional.of(Participant.PATIENT);
        }
        if (doctorId.equals(userId)) {
            return Optional.of(Participant.DOCTOR);
        }
        return Optional.empty();
    }

    public UUID userOf(Participant role) {
        return role == Participant.PATIENT ? patientId : doctorId;
    }

    public List<VisitChange> join(UUID userId, String sessionId, Instant now) {
        Participant role = roleOf(userId);
        window.requireOpen(now);
        requireNotEnded();
        // the same socket joining again (a page that retries) is one stay, not two
        closeStays(stay -> stay.userId().equals(userId) && sessionId != null && sessionId.equals(stay.sessionId()), now);
        stays.add(new Presence(UUID.randomUUID(), userId, role, sessionId, now, null));
        boolean waiting = role == Participant.PATIENT && admittedAt == null;
        return List.of(new VisitChange.Joined(userId, role, waiting, present(role.other())));
    }

    public List<VisitChange> admit(UUID userId, Instant now) {
        requireDoctor(userId);
        window.requireOpen(now);
        requireNotEnded();
        if (!present(Participant.PATIENT)) {
            throw new MedbookException(ProblemKind.CONFLICT, "patient-not-waiting", "The patient has not joined yet");
        }
        if (admittedAt == null) {
            admittedAt = now;
        }
        return List.of(new VisitChange.Admitted(patientId, doctorId));
    }

    /** Whom a signal from {@code userId} goes to: the other person, once the visit is under way. */
    public UUID signalTarget(UUID userId, Instant now) {
        Participant role = roleOf(userId);
        window.requireOpen(now);
        requireNotEnded();
        if (admittedAt == null) {
            throw new MedbookException(ProblemKind.CONFLICT, "not-admitted",
                    "The doctor has not admitted the patient yet; signals flow once they have");
        }
        if (!present(role)) {
            throw new MedbookException(ProblemKind.CONFLICT, "not-joined", "Join the visit before signaling");
        }
        return userOf(role.other());
    }

    /** Leaves from one socket ({@code sessionId}) or, when null, from all of the user's. */
    public List<VisitChange> leave(UUID userId, String sessionId, Instant now) {
        Participant role = roleOf(userId);
        int closed = closeStays(stay -> stay.userId().equals(userId)
                && (sessionId == null || sessionId.equals(stay.sessionId())), now);
        return closed == 0 || present(role) ? List.of() : List.of(new VisitChange.Left(userId, role));
    }

    public List<VisitChange> end(UUID userId, Instant now) {
        requireDoctor(userId);
        requireNotEnded();
        endedAt = now;
        endedBy = userId;
        closeStays(stay -> true, now);
        return List.of(new VisitChange.Ended(userId));
    }

    public VisitState state(Instant now) {
        if (endedAt != null) {
            return VisitState.ENDED;
        }
        if (window.notYetOpenAt(now)) {
            return VisitState.NOT_YET_OPEN;
        }
        if (!window.isOpenAt(now)) {
            return VisitState.CLOSED;
        }
        if (admittedAt != null) {
            return VisitState.IN_PROGRESS;
        }
        return present(Participant.PATIENT) ? VisitState.PATIENT_WAITING : VisitState.OPEN;
    }

    public boolean present(Participant role) {
        return stays.stream().anyMatch(stay -> stay.role() == role && stay.lasting());
    }

    private void requireDoctor(UUID userId) {
        if (roleOf(userId) != Participant.DOCTOR) {
            throw new MedbookException(ProblemKind.FORBIDDEN, "forbidden", "Only the doctor may do this");
        }
    }

    private void requireNotEnded() {
        if (endedAt != null) {
            throw new MedbookException(ProblemKind.CONFLICT, "visit-ended", "The doctor has ended this visit");
        }
    }

    private int closeStays(Predicate<Presence> which, Instant now) {
        int closed = 0;
        for (int i = 0; i < stays.size(); i++) {
            Presence stay = stays.get(i);
            if (stay.lasting() && which.test(stay)) {
                stays.set(i, stay.leave(now));
                closed++;
            }
        }
        return closed;
    }

    public UUID bookingId() { return bookingId; }
    public UUID doctorId() { return doctorId; }
    public UUID patientId() { return patientId; }
    public VisitWindow window() { return window; }
    public List<Presence> stays() { return List.copyOf(stays); }
    public Instant admittedAt() { return admittedAt; }
    public Instant endedAt() { return endedAt; }
    public UUID endedBy() { return endedBy; }
}
