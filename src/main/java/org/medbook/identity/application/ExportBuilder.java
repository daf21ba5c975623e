package org.medbook.identity.application;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.medbook.identity.IdentityEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds pending exports. Every node polls, and the node that took a request starts at once; a row is
 * claimed with SKIP LOCKED and built, stored and announced in that one transaction, so two nodes never
 * build the same export and a crash leaves it pending for the next poll.
 */
@Component
class ExportBuilder {

    private static final Logger log = LoggerFactory.getLogger(ExportBuilder.class);
    private static final int MAX_ATTEMPTS = 3;

    private final ExportStore exports;
    private final ExportArchive archive;
    private final ApplicationEventPublisher events;
    private final PrivacyProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;

    ExportBuilder(ExportStore exports, ExportArchive archive, ApplicationEventPublisher events,
            PrivacyProperties properties, PlatformTransactionManager transactionManager, Clock clock) {
        this.exports = exports;
        this.archive = archive;
        this.events = events;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /** Off the request thread; a poll running at the same time on this node skips the claimed row. */
    void buildSoon() {
        Thread.ofVirtual().name("export-builder").start(this::buildPending);
    }

    @Scheduled(fixedDelayString = "${medbook.privacy.export-poll-every:PT1M}", initialDelayString = "PT20S")
    public void buildPending() {
        try {
            boolean more = true;
            while (more) {
                try {
                    more = Boolean.TRUE.equals(transaction.execute(status -> buildOne()));
                } catch (BuildFailed e) {
                    log.error("Building personal-data export {} failed", e.exportId, e.getCause());
                    transaction.executeWithoutResult(status -> exports.failed(e.exportId, MAX_ATTEMPTS));
                }
            }
            transaction.executeWithoutResult(status -> exports.expire(clock.instant()));
        } catch (RuntimeException e) {
            log.error("Building personal-data exports failed; the next poll retries", e);
        }
    }

    private boolean buildOne() {
        Optional<ExportStore.Pending> next = exports.lockNextPending();
        if (next.isEmpty()) {
            return false;
        }
        ExportStore.Pending pending = next.get();
        try {
            Instant now = clock.instant();
            Instant expiresAt = now.plus(properties.exportTtl());
            exports.ready(pending.exportId(), archive.build(pending.userId(), now), now, expiresAt);
            events.publishEvent(new IdentityEvents.PersonalDataExportReady(UUID.randomUUID(), now, pending.userId(),
                    pending.exportId(), expiresAt));
            return true;
        } catch (RuntimeException e) {
            throw new BuildFailed(pending.exportId(), e);
        }
    }

    /** Rolls the build back; the attempt is then counted in a transaction of its own. */
    private static final class BuildFailed extends RuntimeException {

        private final UUID exportId;

        BuildFailed(UUID exportId, RuntimeException cause) {
            super(cause);
            this.exportId = exportId;
        }
    }
}
