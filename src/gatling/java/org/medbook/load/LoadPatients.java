package org.medbook.load;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Patient accounts the load scripts inserted into {@code medbook.users} (e-mail
 * {@code load-patient-<n>@load.medbook.org}), so bookings notify somebody who exists, and their
 * access tokens. A token is signed once per patient (all of them before the run, see
 * {@link #signAll}) and signed again after ten minutes (it lives fifteen), so the generator does not
 * spend a signature per request.
 */
final class LoadPatients {

    static final String JDBC_URL = System.getProperty("medbook.load.jdbcUrl",
            "jdbc:postgresql://127.0.0.1:5432/medbook_notif_load");
    private static final long TOKEN_REFRESH_NANOS = 600_000_000_000L;

    private record Token(String value, long signedAt) {
    }

    private static final ConcurrentHashMap<UUID, Token> TOKENS = new ConcurrentHashMap<>();

    private LoadPatients() {
    }

    /** The seeded patients, in a stable order. */
    static List<UUID> seeded() {
        List<UUID> ids = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(JDBC_URL, "postgres", "");
             PreparedStatement query = db.prepareStatement("""
                     SELECT id FROM medbook.users
                     WHERE email LIKE 'load-patient-%@load.medbook.org' AND status = 'ACTIVE' ORDER BY email""");
             ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getObject(1, UUID.class));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the seeded patients from " + JDBC_URL, e);
        }
        if (ids.isEmpty()) {
            throw new IllegalStateException("No seeded patients in " + JDBC_URL + ": run the load script, which inserts them");
        }
        return ids;
    }

    /** Signs every patient's token before the run, so no signature is made while it is measured. */
    static void signAll(List<UUID> patients) {
        long now = System.nanoTime();
        patients.parallelStream().forEach(patient -> TOKENS.put(patient, new Token(LoadTokens.patient(patient), now)));
    }

    /** A valid access token for the patient, signed at most ten minutes ago. */
    static String token(UUID patient) {
        long now = System.nanoTime();
        Token token = TOKENS.get(patient);
        if (token == null || now - token.signedAt() > TOKEN_REFRESH_NANOS) {
            token = new Token(LoadTokens.patient(patient), now);
            TOKENS.put(patient, token);
        }
        return token.value();
    }
}
