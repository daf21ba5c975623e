package org.medbook.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * One fresh schema per test run in the local PostgreSQL, so a running development server and a
 * test run never see each other's data. The schema is dropped when the JVM exits.
 */
public final class TestDatabase {

    public static final String URL = System.getenv().getOrDefault("MEDBOOK_TEST_DB_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres");
    public static final String USER = System.getenv().getOrDefault("MEDBOOK_TEST_DB_USER", "postgres");
    public static final String PASSWORD = System.getenv().getOrDefault("MEDBOOK_TEST_DB_PASSWORD", "");
    public static final String SCHEMA = "medbook_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::drop, "drop-test-schema"));
    }

    private TestDatabase() {
    }

    public static Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
        connection.setSchema(SCHEMA);
        return connection;
    }

    private static void drop() {
        try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD)) {
            connection.createStatement().execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        } catch (SQLException e) {
            System.err.println("Could not drop test schema " + SCHEMA + ": " + e.getMessage());
        }
    }
}
