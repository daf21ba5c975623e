package org.medbook.visits.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** What the stays of a visit add up to: how long the patient and the doctor were there together. */
public final class Attendance {

    private Attendance() {
    }

    /** Time both were present, counting stays that still last until {@code now}; two tabs count once. */
    public static Duration together(List<Presence> stays, Instant now) {
        List<Presence> patient = merged(stays, Participant.PATIENT, now);
        List<Presence> doctor = merged(stays, Participant.DOCTOR, now);
        Duration total = Duration.ZERO;
        for (Presence p : patient) {
            for (Presence d : doctor) {
                total = total.plus(p.overlap(d, now));
            }
        }
        return total;
    }

    public static boolean joined(List<Presence> stays, Participant role) {
        return stays.stream().anyMatch(stay -> stay.role() == role);
    }

    /** One role's stays as disjoint intervals (each closed at {@code now} if still lasting). */
    private static List<Presence> merged(List<Presence> stays, Participant role, Instant now) {
        List<Presence> sorted = stays.stream().filter(stay -> stay.role() == role)
                .map(stay -> stay.lasting() ? stay.leave(now) : stay)
                .sorted(Comparator.comparing(Presence::joinedAt)).toList();
        List<Presence> out = new ArrayList<>();
        for (Presence stay : sorted) {
            if (!out.isEmpty() && !stay.joinedAt().isAfter(out.getLast().leftAt())) {
                Presence last = out.removeLast();
                Instant end = last.leftAt().isAfter(stay.leftAt()) ? last.leftAt() : stay.leftAt();
                out.add(new Presence(last.id(), last.userId(), role, null, last.joinedAt(), end));
            } else {
                out.add(stay);
            }
        }
        return out;
    }
}
