package org.medbook.load;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Connections of the simulations to the load database, which other work on the machine may leave short of slots. */
final class LoadDatabase {

    private static final int ATTEMPTS = 30;

    private LoadDatabase() {
    }

    /** A connection, asked for again once a second while PostgreSQL has none to spare. */
    static Connection connect(String url) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return DriverManager.getConnection(url, "postgres", "");
            } catch (SQLException e) {
                // 53300: too_many_connections
                if (!"53300".equals(e.getSQLState()) || attempt == ATTEMPTS) {
                    throw e;
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("Interrupted while waiting for a connection", e);
            }
        }
    }
}
