package org.medbook.identity.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a staff session may last: an absolute lifetime from the sign-in, and an idle timeout
 * since the last refresh. Staff reach every patient's data, so a forgotten session on a shared
 * practice computer must end on its own; patients' sessions are not bound by this.
 */
public record StaffSessionLimits(Duration maxAge, Duration idle) {

    public StaffSessionLimits {
        if (maxAge.isNegative() || maxAge.isZero() || idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("staff session limits must be positive");
        }
    }

    public boolean ended(RefreshTokens.SessionTimes session, Instant now) {
        return !now.isBefore(session.startedAt().plus(maxAge)) || !now.isBefore(session.lastRefreshedAt().plus(idle));
    }
}
