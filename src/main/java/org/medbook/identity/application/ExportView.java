package org.medbook.identity.application;

import java.time.Instant;
import java.util.UUID;

/**
 * A personal-data export as its owner sees it.
 *
 * @param status PENDING (being built), READY (download it), EXPIRED or FAILED (request a new one)
 */
public record ExportView(UUID id, String status, Instant requestedAt, Instant readyAt, Instant expiresAt, Long size) {

    /** Ready on the stored status, but past its expiry already counts as expired. */
    public ExportView at(Instant now) {
        if ("READY".equals(status) && !now.isBefore(expiresAt)) {
            return new ExportView(id, "EXPIRED", requestedAt, readyAt, expiresAt, null);
        }
        return this;
    }
}
