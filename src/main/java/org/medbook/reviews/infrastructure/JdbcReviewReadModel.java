package org.medbook.reviews.infrastructure;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.medbook.reviews.application.ReviewReadModel;
import org.medbook.reviews.application.ReviewRow;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcReviewReadModel implements ReviewReadModel {

    private static final String COLUMNS = """
            r.*, (SELECT count(*) FROM review_reports rr WHERE rr.review_id = r.id) AS reports,
            count(*) OVER () AS total
            """;

    private final JdbcClient jdbc;

    JdbcReviewReadModel(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public PageView<ReviewRow> visible(UUID doctorId, Sort sort, PageRequest page) {
        String order = switch (sort) {
            case NEWEST -> "r.created_at DESC, r.id";
            case HIGHEST -> "r.rating DESC, r.created_at DESC, r.id";
            case LOWEST -> "r.rating, r.created_at DESC, r.id";
        };
        return page("SELECT " + COLUMNS + " FROM reviews r WHERE r.doctor_id = :doctor AND NOT r.hidden ORDER BY " + order,
                Map.of("doctor", doctorId), page);
    }

    @Override
    public PageView<ReviewRow> ofDoctor(UUID doctorId, PageRequest page) {
        return page("SELECT " + COLUMNS + " FROM reviews r WHERE r.doctor_id = :doctor ORDER BY r.created_at DESC, r.id",
                Map.of("doctor", doctorId), page);
    }

    @Override
    public PageView<ReviewRow> forModeration(Boolean hidden, boolean reportedOnly, UUID doctorId, PageRequest page) {
        StringBuilder sql = new StringBuilder("""
                SELECT x.*, count(*) OVER () AS total FROM (
                    SELECT r.*, (SELECT count(*) FROM review_reports rr WHERE rr.review_id = r.id) AS reports
                    FROM reviews r WHERE true""");
        Map<String, Object> params = new LinkedHashMap<>();
        if (hidden != null) {
            sql.append(" AND r.hidden = :hidden");
            params.put("hidden", hidden);
        }
        if (doctorId != null) {
            sql.append(" AND r.doctor_id = :doctor");
            params.put("doctor", doctorId);
        }
        sql.append(") x");
        if (reportedOnly) {
            sql.append(" WHERE x.reports > 0");
        }
        sql.append(" ORDER BY x.reports DESC, x.created_at DESC, x.id");
        return page(sql.toString(), params, page);
    }

    @Override
    public Optional<ReviewRow> byBooking(UUID bookingId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM reviews r WHERE r.booking_id = :booking")
                .param("booking", bookingId).query((rs, n) -> row(rs)).optional();
    }

    private PageView<ReviewRow> page(String sql, Map<String, Object> params, PageRequest page) {
        Map<String, Object> all = new LinkedHashMap<>(params);
        all.put("limit", page.size());
        all.put("offset", page.offset());
        List<Long> totals = new ArrayList<>();
        List<ReviewRow> rows = jdbc.sql(sql + " LIMIT :limit OFFSET :offset").params(all).query((rs, n) -> {
            totals.add(rs.getLong("total"));
            return row(rs);
        }).list();
        long total = totals.isEmpty() ? 0 : totals.get(0);
        if (rows.isEmpty() && page.offset() > 0) {
            all.put("limit", 1);
            all.put("offset", 0);
            total = jdbc.sql(sql + " LIMIT :limit OFFSET :offset").params(all).query((rs, n) -> rs.getLong("total"))
                    .optional().orElse(0L);
        }
        return new PageView<>(rows, page.page(), page.size(), total);
    }

    private static ReviewRow row(ResultSet rs) throws SQLException {
        return new ReviewRow(rs.getObject("id", UUID.class), rs.getObject("booking_id", UUID.class),
                rs.getObject("doctor_id", UUID.class), rs.getObject("patient_id", UUID.class), rs.getInt("rating"),
                rs.getString("text"), rs.getBoolean("anonymous"), JdbcReviews.instant(rs, "created_at"),
                JdbcReviews.instant(rs, "updated_at"), rs.getString("reply_text"), JdbcReviews.instant(rs, "replied_at"),
                rs.getBoolean("hidden"), rs.getString("hidden_reason"), rs.getInt("reports"));
    }
}
