package org.medbook.reporting.application;

import org.slf4j.Logger;
import org.springframework.dao.DataAccessException;

/**
 * One scheduled round of background work whose rows stay put until it commits: a database failure is
 * said once per outage (and its end once), never per round, and the next round simply tries again.
 */
final class BackgroundRound {

    private final Logger log;
    private final String what;
    private volatile boolean failing;

    BackgroundRound(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    void run(Runnable round) {
        try {
            round.run();
            if (failing) {
                log.info("{} works again", what);
                failing = false;
            }
        } catch (DataAccessException e) {
            if (!failing) {
                log.warn("{} failed, will retry: {}", what, e.getMostSpecificCause().getMessage());
                failing = true;
            }
        }
    }
}
