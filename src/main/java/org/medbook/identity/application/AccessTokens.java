package org.medbook.identity.application;

import java.time.Instant;
import java.util.UUID;

import org.medbook.identity.domain.User;

/** Signs short-lived access tokens. */
public interface AccessTokens {

    record Signed(String token, Instant expiresAt) {
    }

    /** A full access token carrying the user's roles and permissions. */
    Signed issue(User user, UUID sessionId, Instant now);

    /** A token that can only change the user's password. */
    Signed issuePasswordChangeOnly(User user, Instant now);

    /** A token that can only enrol a second factor (staff sign-in while one is required). */
    Signed issueMfaEnrolmentOnly(User user, Instant now);
}
