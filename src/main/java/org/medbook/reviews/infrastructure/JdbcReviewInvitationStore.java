package org.medbook.reviews.infrastructure;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.medbook.reviews.application.ReviewInvitationStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcReviewInvitationStore implements ReviewInvitationStore {

    private final JdbcClient jdbc;

    JdbcReviewInvitationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void schedule(UUID bookingId, UUID doctorId, UUID patientId, Instant dueAt) {
        jdbc.sql("""
                INSERT INTO review_invitations (booking_id, doctor_id, patient_id, due_at) VALUES (:booking, :doctor, :patient, :due)
                ON CONFLICT (booking_id) DO NOTHING
                """)
                .param("booking", bookingId).param("doctor", doctorId).param("patient", patientId)
                .param("due", JdbcReviews.utc(dueAt)).update();
    }

    @Override
    public List<Due> takeDue(Instant now, int limit) {
        return jdbc.sql("""
                WITH due AS (
                    SELECT booking_id FROM review_invitations WHERE sent_at IS NULL AND due_at <= :now
                    ORDER BY due_at LIMIT :limit FOR UPDATE SKIP LOCKED)
                UPDATE review_invitations i SET sent_at = :now FROM due WHERE i.booking_id = due.booking_id
                RETURNING i.booking_id, i.doctor_id, i.patient_id,
                          EXISTS (SELECT 1 FROM reviews r WHERE r.booking_id = i.booking_id) AS reviewed
                """)
                .param("now", JdbcReviews.utc(now)).param("limit", limit)
                .query((rs, n) -> rs.getBoolean("reviewed") ? null
                        : new Due(rs.getObject("booking_id", UUID.class), rs.getObject("doctor_id", UUID.class),
                                rs.getObject("patient_id", UUID.class)))
                .list().stream().filter(java.util.Objects::nonNull).toList();
    }
}
