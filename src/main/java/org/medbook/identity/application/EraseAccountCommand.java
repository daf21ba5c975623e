package org.medbook.identity.application;

import java.util.Objects;
import java.util.UUID;

/**
 * Erase an account.
 *
 * @param code    the one-time code sent to the account's own e-mail (or phone when it has none); required
 *                when the user asks ({@code actorId} equal to {@code userId}), not when staff act on a
 *                request received by other means
 * @param byAdmin whether the actor is an administrator: only they erase staff and doctor accounts
 */
public record EraseAccountCommand(UUID userId, UUID actorId, String code, String clientIp, boolean byAdmin) {

    public EraseAccountCommand {
        Objects.requireNonNull(userId, "user id");
        Objects.requireNonNull(actorId, "actor id");
        if (userId.equals(actorId) && code == null) {
            throw new IllegalArgumentException("erasing one's own account needs a fresh one-time code");
        }
    }

    boolean bySelf() {
        return userId.equals(actorId);
    }
}
