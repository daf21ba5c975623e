package org.medbook.visits.infrastructure;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.medbook.visits.domain.Participant;
import org.medbook.visits.domain.Presence;
import org.medbook.visits.domain.Visit;
import org.medbook.visits.domain.VisitWindow;
import org.medbook.visits.domain.Visits;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcVisits implements Visits {

    private final JdbcClient jdbc;
    private final Clock clock;

    JdbcVisits(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Visit lockOrStart(UUID bookingId, UUID doctorId, UUID patientId, VisitWindow window) {
        jdbc.sql("""
                INSERT INTO visits (booking_id, doctor_id, patient_id, created_at)
                VALUES (:booking, :doctor, :patient, :now) ON CONFLICT (booking_id) DO NOTHING
                """).param("booking", bookingId).param("doctor", doctorId).param("patient", patientId)
                .param("now", utc(clock.instant())).update();
        return lock(bookingId, window).orElseThrow();
    }

    @Override
    public Optional<Visit> lock(UUID bookingId, VisitWindow window) {
        return read(bookingId, window, " FOR UPDATE");
    }

    @Override
    public Optional<Visit> find(UUID bookingId, VisitWindow window) {
        return read(bookingId, window, "");
    }

    private Optional<Visit> read(UUID bookingId, VisitWindow window, String lock) {
        return jdbc.sql("SELECT * FROM visits WHERE booking_id = :booking" + lock).param("booking", bookingId)
                .query((rs, n) -> new Visit(bookingId, rs.getObject("doctor_id", UUID.class),
                        rs.getObject("patient_id", UUID.class), window, stays(bookingId),
                        instant(rs.getObject("admitted_at", OffsetDateTime.class)),
                        instant(rs.getObject("ended_at", OffsetDateTime.class)), rs.getObject("ended_by", UUID.class)))
                .optional();
    }

    List<Presence> stays(UUID bookingId) {
        return jdbc.sql("SELECT * FROM visit_attendance WHERE booking_id = :booking ORDER BY joined_at, id")
                .param("booking", bookingId)
                .query((rs, n) -> new Presence(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                        Participant.valueOf(rs.getString("role")), rs.getString("session_id"),
                        rs.getObject("joined_at", OffsetDateTime.class).toInstant(),
                        instant(rs.getObject("left_at", OffsetDateTime.class))))
                .list();
    }

    @Override
    public void save(Visit visit) {
        jdbc.sql("UPDATE visits SET admitted_at = :admitted, ended_at = :ended, ended_by = :by WHERE booking_id = :booking")
                .param("admitted", utc(visit.admittedAt())).param("ended", utc(visit.endedAt()))
                .param("by", visit.endedBy()).param("booking", visit.bookingId()).update();
        for (Presence stay : visit.stays()) {
            jdbc.sql("""
                    INSERT INTO visit_attendance (id, booking_id, user_id, role, session_id, joined_at, left_at)
                    VALUES (:id, :booking, :user, :role, :session, :joined, :left)
                    ON CONFLICT (id) DO UPDATE SET left_at = EXCLUDED.left_at
                    WHERE visit_attendance.left_at IS DISTINCT FROM EXCLUDED.left_at
                    """).param("id", stay.id()).param("booking", visit.bookingId()).param("user", stay.userId())
                    .param("role", stay.role().name()).param("session", stay.sessionId())
                    .param("joined", utc(stay.joinedAt())).param("left", utc(stay.leftAt())).update();
        }
    }

    @Override
    public List<UUID> withSession(String sessionId) {
        return jdbc.sql("SELECT DISTINCT booking_id FROM visit_attendance WHERE session_id = :session AND left_at IS NULL")
                .param("session", sessionId).query(UUID.class).list();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
