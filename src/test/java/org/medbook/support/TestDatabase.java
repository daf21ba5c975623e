package org.medbook.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * One fresh database per test run on the local PostgreSQL server, so a running development server
 * and a test run never see each other's data (a database rather than a schema, because PostgreSQL
 * extensions such as earthdistance exist once per database). It is dropped when the JVM exits.
 */
public final class TestDatabase {

    private static final String SERVER = System.getenv().getOrDefault("MEDBOOK_TEST_DB_SERVER", "jdbc:postgresql://127.0.0.1:5432/");
    public static final String USER = System.getenv().getOrDefault("MEDBOOK_TEST_DB_USER", "postgres");
    public static final String PASSWORD = System.getenv().getOrDefault("MEDBOOK_TEST_DB_PASSWORD", "");
    public static final String NAME = "medbook_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    public static final String URL = SERVER + NAME;
    public static final String SCHEMA = "medbook";

    static {
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, PASSWORD);
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + NAME);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the test database on " + SERVER
                    + " (is PostgreSQL running? MEDBOOK_TEST_DB_SERVER/USER/PASSWORD configure it)", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::drop, "drop-test-database"));
    }

    private TestDatabase() {
    }

    public static Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
        connection.setSchema(SCHEMA);
        return connection;
    }

    private static void drop() {
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, PASSWORD);
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + NAME + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("Could not drop test database " + NAME + ": " + e.getMessage());
        }
    }
}
