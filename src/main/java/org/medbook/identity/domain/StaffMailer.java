package org.medbook.identity.domain;

import java.time.Instant;

/** Tells staff their temporary password. */
public interface StaffMailer {

    void sendTemporaryPassword(String email, String name, String temporaryPassword, Instant expiresAt);
}
