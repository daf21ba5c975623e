package org.medbook.identity.application;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.medbook.identity.IdentityEvents;
import org.medbook.identity.UserId;
import org.medbook.identity.domain.Users;
import org.medbook.shared.MedbookException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Records a request for a personal-data export; it is built after commit, by this node or any other. */
@Component
public class RequestExportHandler {

    private final Users users;
    private final ExportStore exports;
    private final ExportBuilder builder;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RequestExportHandler(Users users, ExportStore exports, ExportBuilder builder, ApplicationEventPublisher events,
            Clock clock) {
        this.users = users;
        this.exports = exports;
        this.builder = builder;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public ExportView handle(RequestExportCommand command) {
        users.findById(new UserId(command.userId())).orElseThrow(() -> MedbookException.notFound("User"))
                .ensureActive();
        Instant now = clock.instant();
        UUID exportId = UUID.randomUUID();
        exports.addPending(exportId, command.userId(), now);
        events.publishEvent(new IdentityEvents.PersonalDataExportRequested(UUID.randomUUID(), now, command.userId(),
                exportId, command.clientIp()));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                builder.buildSoon();
            }
        });
        return new ExportView(exportId, "PENDING", now, null, null, null);
    }
}
