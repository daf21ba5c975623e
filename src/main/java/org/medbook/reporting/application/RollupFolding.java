package org.medbook.reporting.application;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves the booking and money differences the projection appends into the platform rollups: every
 * {@code medbook.reporting.fold-every} (one second by default) on whichever node gets there first, and
 * before platform statistics are read. Each fold is a transaction of its own.
 */
@Component
class RollupFolding {

    private static final Logger log = LoggerFactory.getLogger(RollupFolding.class);

    private final ReportStore store;
    private final TransactionTemplate transaction;
    private final BackgroundRound round = new BackgroundRound(log, "Folding the reporting rollups");

    RollupFolding(ReportStore store, PlatformTransactionManager transactions) {
        this.store = store;
        this.transaction = new TransactionTemplate(transactions);
    }

    @Scheduled(fixedDelayString = "${medbook.reporting.fold-every:PT1S}",
            initialDelayString = "${medbook.reporting.fold-every:PT1S}")
    void onSchedule() {
        round.run(() -> transaction.execute(status -> store.foldRollups(false)));
    }

    /** Folds everything recorded so far, after a fold in progress on any node commits; returns the rows folded. */
    long foldNow() {
        Long folded = transaction.execute(status -> store.foldRollups(true));
        return folded == null ? 0 : folded;
    }
}
