package org.medbook.identity.domain;

import java.security.MessageDigest;
import java.time.Instant;

/** The live one-time code of one destination, as stored: only its keyed hash is kept. */
public record StoredCode(byte[] codeHash, Instant expiresAt, int failedAttempts) {

    /** What happened when someone presented a code. */
    public sealed interface Check {
        record Accepted() implements Check { }
        record Expired() implements Check { }
        /** Wrong code; {@code attemptsLeft} zero means the code is now dead. */
        record Rejected(int attemptsLeft) implements Check { }
    }

    public Check check(byte[] presentedHash, Instant now, int maxAttempts) {
        if (!now.isBefore(expiresAt) || failedAttempts >= maxAttempts) {
            return new Check.Expired();
        }
        if (MessageDigest.isEqual(codeHash, presentedHash)) {
            return new Check.Accepted();
        }
        return new Check.Rejected(Math.max(0, maxAttempts - failedAttempts - 1));
    }
}
