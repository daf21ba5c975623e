package org.medbook.identity.infrastructure;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.medbook.identity.domain.Revocation;
import org.medbook.identity.domain.Revocations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Revocations in {@code session_revocations}. Inserting a row is all it takes to tell every node: a
 * trigger sends its content on the {@value #CHANNEL} channel when the transaction commits.
 */
@Repository
class JdbcRevocations implements Revocations {

    static final String CHANNEL = "medbook_session_revocations";

    private static final String COLUMNS = "session_id, user_id, revoked_before, expires_at";

    private final JdbcClient jdbc;

    JdbcRevocations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void record(List<Revocation> revocations) {
        for (Revocation revocation : revocations) {
            var insert = jdbc.sql("INSERT INTO session_revocations (" + COLUMNS + ") VALUES (:session, :user, :before, :expires)")
                    .param("expires", JdbcUsers.utc(revocation.expiresAt()));
            switch (revocation) {
                case Revocation.Session session -> insert.param("session", session.sessionId())
                        .param("user", null, java.sql.Types.OTHER).param("before", null, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                case Revocation.TokensBefore cut -> insert.param("session", null, java.sql.Types.OTHER)
                        .param("user", cut.userId()).param("before", JdbcUsers.utc(cut.before()));
            }
            insert.update();
        }
    }

    @Override
    public List<Revocation> active(Instant now) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM session_revocations WHERE expires_at > :now")
                .param("now", JdbcUsers.utc(now)).query(JdbcRevocations::row).list();
    }

    @Override
    public List<Revocation> recordedWithin(Duration window) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM session_revocations"
                        + " WHERE recorded_at > clock_timestamp() - make_interval(secs => :seconds)")
                .param("seconds", (double) window.toMillis() / 1000).query(JdbcRevocations::row).list();
    }

    @Override
    public int purge(Instant now) {
        return jdbc.sql("DELETE FROM session_revocations WHERE expires_at <= :now").param("now", JdbcUsers.utc(now)).update();
    }

    private static Revocation row(ResultSet rs, int row) throws SQLException {
        UUID session = rs.getObject("session_id", UUID.class);
        Instant expires = JdbcUsers.instant(rs, "expires_at");
        return session != null ? new Revocation.Session(session, expires)
                : new Revocation.TokensBefore(rs.getObject("user_id", UUID.class), JdbcUsers.instant(rs, "revoked_before"), expires);
    }

    /** A notification's payload (see the migration that creates the trigger); empty when it is not one of ours. */
    static Optional<Revocation> parse(String payload) {
        try {
            String[] parts = payload.strip().split(" ");
            if (parts.length == 3 && parts[0].equals("session")) {
                return Optional.of(new Revocation.Session(UUID.fromString(parts[1]), Instant.ofEpochMilli(Long.parseLong(parts[2]))));
            }
            if (parts.length == 4 && parts[0].equals("user")) {
                return Optional.of(new Revocation.TokensBefore(UUID.fromString(parts[1]),
                        Instant.ofEpochMilli(Long.parseLong(parts[2])), Instant.ofEpochMilli(Long.parseLong(parts[3]))));
            }
        } catch (RuntimeException malformed) {
            // fall through
        }
        return Optional.empty();
    }
}
