package org.medbook.shared.web;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Set;

import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells "the database cannot be reached" (no connection within the pool's wait, connection refused or
 * broken, the server shutting down or starting up) from a failing statement, so the first becomes a
 * 503 the client may retry and not a 500.
 */
public final class DatabaseFailures {

    /** How long a client is asked to wait: the pool tries again in the background meanwhile. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    /** SQLSTATE class 08 (connection exception) and the server's own "going down / starting up" states. */
    private static final Set<String> OUTAGE_STATES = Set.of("57P01", "57P02", "57P03");

    private DatabaseFailures() {
    }

    public static boolean unreachable(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof CannotGetJdbcConnectionException || t instanceof SQLTransientConnectionException
                    || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || OUTAGE_STATES.contains(sql.getSQLState()))) {
                return true;
            }
            // a broken connection also fails the rollback, whose exception then hides the first one
            if (t instanceof TransactionSystemException rollback && rollback.getApplicationException() != null
                    && unreachable(rollback.getApplicationException())) {
                return true;
            }
        }
        return false;
    }
}
