package org.medbook.shared.startup;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;

/**
 * Turns "cannot connect to PostgreSQL" at start-up into one clear line: where we tried and which
 * environment variables change it.
 */
public class DatabaseUnreachableFailureAnalyzer implements FailureAnalyzer {

    private final Environment environment;

    public DatabaseUnreachableFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        Throwable cause = rootConnectionFailure(failure);
        if (cause == null) {
            return null;
        }
        String url = environment.getProperty("spring.datasource.url", "(no URL)");
        String user = environment.getProperty("spring.datasource.username", "(no user)");
        String description = "Cannot reach PostgreSQL at " + url + " as user '" + user + "': "
                + cause.getMessage().lines().findFirst().orElse(cause.getClass().getSimpleName());
        String action = "Start PostgreSQL, or point Medbook at yours with MEDBOOK_DB_URL, MEDBOOK_DB_USER and "
                + "MEDBOOK_DB_PASSWORD (e.g. MEDBOOK_DB_URL=jdbc:postgresql://db.example:5432/medbook).";
        return new FailureAnalysis(description, action, failure);
    }

    static Throwable rootConnectionFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return t;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || "3D000".equals(sql.getSQLState())
                    || "28P01".equals(sql.getSQLState()) || "28000".equals(sql.getSQLState()))) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
