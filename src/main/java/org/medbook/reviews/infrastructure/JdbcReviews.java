package org.medbook.reviews.infrastructure;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.medbook.doctors.DoctorRatings;
import org.medbook.reviews.domain.Review;
import org.medbook.reviews.domain.Reviews;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reviews and the per-doctor figures. The figures are the one source of the rating shown on the
 * profile ({@link DoctorRatings}) and copied into the search read model.
 */
@Repository
class JdbcReviews implements Reviews, DoctorRatings {

    private final JdbcClient jdbc;

    JdbcReviews(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Review> lock(UUID reviewId) {
        return jdbc.sql("SELECT * FROM reviews WHERE id = :id FOR UPDATE").param("id", reviewId)
                .query((rs, n) -> review(rs)).optional();
    }

    @Override
    public boolean existsForBooking(UUID bookingId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM reviews WHERE booking_id = :id)").param("id", bookingId)
                .query(Boolean.class).single();
    }

    @Override
    public Optional<Review> lockForBooking(UUID bookingId) {
        return jdbc.sql("SELECT * FROM reviews WHERE booking_id = :id FOR UPDATE").param("id", bookingId)
                .query((rs, n) -> review(rs)).optional();
    }

    @Override
    public boolean add(Review r) {
        return jdbc.sql("""
                INSERT INTO reviews (id, booking_id, doctor_id, patient_id, rating, text, anonymous, visit_start,
                                     created_at, updated_at)
                VALUES (:id, :booking, :doctor, :patient, :rating, :text, :anonymous, :visit, :created, :updated)
                ON CONFLICT (booking_id) DO NOTHING
                """)
                .param("id", r.id()).param("booking", r.bookingId()).param("doctor", r.doctorId())
                .param("patient", r.patientId()).param("rating", r.rating()).param("text", r.text())
                .param("anonymous", r.anonymous()).param("visit", utc(r.visitStart()))
                .param("created", utc(r.createdAt())).param("updated", utc(r.updatedAt()))
                .update() == 1;
    }

    @Override
    public void update(Review r) {
        jdbc.sql("""
                UPDATE reviews SET rating = :rating, text = :text, anonymous = :anonymous, updated_at = :updated,
                                   reply_text = :reply, replied_at = :replied, hidden = :hidden,
                                   hidden_reason = :reason, moderated_by = :moderator, moderated_at = :moderated
                WHERE id = :id
                """)
                .param("id", r.id()).param("rating", r.rating()).param("text", r.text())
                .param("anonymous", r.anonymous()).param("updated", utc(r.updatedAt()))
                .param("reply", r.replyText()).param("replied", utc(r.repliedAt())).param("hidden", r.hidden())
                .param("reason", r.hiddenReason()).param("moderator", r.moderatedBy())
                .param("moderated", utc(r.moderatedAt()))
                .update();
    }

    /**
     * Serialised per doctor, so two concurrent changes cannot each write a count that misses the
     * other: the second recount waits, then reads what the first committed.
     */
    @Override
    public Rating recount(UUID doctorId, Instant now) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended('doctor-rating:' || CAST(:id AS text), 0))")
                .param("id", doctorId).query((rs, n) -> 1).list();
        return jdbc.sql("""
                INSERT INTO doctor_ratings (doctor_id, review_count, rating_sum, average, updated_at)
                SELECT :id, count(*), coalesce(sum(rating), 0),
                       CASE WHEN count(*) = 0 THEN NULL ELSE round(avg(rating), 1) END, :now
                FROM reviews WHERE doctor_id = :id AND NOT hidden
                ON CONFLICT (doctor_id) DO UPDATE SET review_count = EXCLUDED.review_count,
                    rating_sum = EXCLUDED.rating_sum, average = EXCLUDED.average, updated_at = EXCLUDED.updated_at
                RETURNING average, review_count
                """)
                .param("id", doctorId).param("now", utc(now))
                .query((rs, n) -> new Rating(rs.getBigDecimal("average"), rs.getInt("review_count"))).single();
    }

    @Override
    public boolean report(UUID reviewId, UUID reporterId, String reason, Instant now) {
        return jdbc.sql("""
                INSERT INTO review_reports (review_id, reporter_id, reason, created_at) VALUES (:review, :reporter, :reason, :now)
                ON CONFLICT DO NOTHING
                """)
                .param("review", reviewId).param("reporter", reporterId).param("reason", reason).param("now", utc(now))
                .update() == 1;
    }

    /** The profile's figures; the same row search copies. */
    @Override
    public Rating of(UUID doctorId) {
        return jdbc.sql("SELECT average, review_count FROM doctor_ratings WHERE doctor_id = :id").param("id", doctorId)
                .query((rs, n) -> {
                    BigDecimal average = rs.getBigDecimal("average");
                    return new Rating(average, rs.getInt("review_count"));
                }).optional().orElse(Rating.NONE);
    }

    @Override
    public Map<UUID, Rating> of(Collection<UUID> doctorIds) {
        Map<UUID, Rating> ratings = new HashMap<>();
        doctorIds.forEach(id -> ratings.put(id, Rating.NONE));
        if (!doctorIds.isEmpty()) {
            jdbc.sql("SELECT doctor_id, average, review_count FROM doctor_ratings WHERE doctor_id = ANY(CAST(:ids AS uuid[]))")
                    .param("ids", doctorIds.toArray(UUID[]::new))
                    .query(rs -> {
                        ratings.put(rs.getObject("doctor_id", UUID.class),
                                new Rating(rs.getBigDecimal("average"), rs.getInt("review_count")));
                    });
        }
        return ratings;
    }

    private static Review review(ResultSet rs) throws SQLException {
        return new Review(rs.getObject("id", UUID.class), rs.getObject("booking_id", UUID.class),
                rs.getObject("doctor_id", UUID.class), rs.getObject("patient_id", UUID.class),
                instant(rs, "visit_start"), instant(rs, "created_at"), rs.getInt("rating"), rs.getString("text"),
                rs.getBoolean("anonymous"), instant(rs, "updated_at"), rs.getString("reply_text"),
                instant(rs, "replied_at"), rs.getBoolean("hidden"), rs.getString("hidden_reason"),
                rs.getObject("moderated_by", UUID.class), instant(rs, "moderated_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
