package org.medbook.visits.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One stay of one person in a visit: from joining until leaving ({@code leftAt} null while it lasts). */
public record Presence(UUID id, UUID userId, Participant role, String sessionId, Instant joinedAt, Instant leftAt) {

    public Presence {
        Objects.requireNonNull(id);
        Objects.requireNonNull(userId);
        Objects.requireNonNull(role);
        Objects.requireNonNull(joinedAt);
    }

    public boolean lasting() {
        return leftAt == null;
    }

    Presence leave(Instant now) {
        return new Presence(id, userId, role, sessionId, joinedAt, now.isBefore(joinedAt) ? joinedAt : now);
    }

    /** How long this stay overlaps another one, counting a lasting stay until {@code now}. */
    Duration overlap(Presence other, Instant now) {
        Instant from = joinedAt.isAfter(other.joinedAt) ? joinedAt : other.joinedAt;
        Instant myEnd = leftAt == null ? now : leftAt;
        Instant otherEnd = other.leftAt == null ? now : other.leftAt;
        Instant to = myEnd.isBefore(otherEnd) ? myEnd : otherEnd;
        return to.isAfter(from) ? Duration.between(from, to) : Duration.ZERO;
    }
}
