package org.medbook.identity.application;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.medbook.identity.IdentityEvents;
import org.medbook.shared.MedbookException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** A user's exports: their status, and the archive to its owner only (anyone else: 404), audited. */
@Component
public class ExportDownloads {

    private final ExportStore exports;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ExportDownloads(ExportStore exports, ApplicationEventPublisher events, Clock clock) {
        this.exports = exports;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public ExportView status(UUID exportId, UUID userId) {
        return exports.find(exportId, userId).orElseThrow(() -> MedbookException.notFound("Export"))
                .at(clock.instant());
    }

    /** The ZIP of a ready export; 404 when it is not the caller's, not built yet, or expired. */
    @Transactional
    public byte[] download(UUID exportId, UUID userId, String clientIp) {
        Instant now = clock.instant();
        byte[] archive = exports.archive(exportId, userId, now).orElseThrow(() -> MedbookException.notFound("Export"));
        events.publishEvent(new IdentityEvents.PersonalDataExportDownloaded(UUID.randomUUID(), now, userId, exportId,
                clientIp));
        return archive;
    }
}
