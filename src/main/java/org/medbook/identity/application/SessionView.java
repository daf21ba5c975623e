package org.medbook.identity.application;

import java.time.Instant;
import java.util.UUID;

/**
 * One live session of a user, as an admin sees it. {@code endsBy} is when a staff session ends at the
 * latest without a further refresh (idle timeout or absolute lifetime, whichever comes first); null for
 * patients, whose sessions last as long as their refresh token.
 */
public record SessionView(UUID sessionId, Instant startedAt, Instant lastRefreshedAt, Instant endsBy) {
}
