package org.medbook.payments.infrastructure;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.medbook.payments.application.DisputeStore;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcDisputeStore implements DisputeStore {

    private final JdbcClient jdbc;

    JdbcDisputeStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Upserted upsert(UUID paymentId, String providerRef, String status, String reason, long amountMinor,
            String currency, Instant evidenceDueBy, Instant now) {
        return jdbc.sql("""
                WITH before AS (SELECT status FROM disputes WHERE provider_ref = :ref)
                INSERT INTO disputes (id, payment_id, provider_ref, status, reason, amount_minor, currency, evidence_due_by,
                                      created_at, updated_at)
                VALUES (:id, :payment, :ref, :status, :reason, :amount, :currency, :due, :now, :now)
                ON CONFLICT (provider_ref) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason,
                    amount_minor = EXCLUDED.amount_minor, evidence_due_by = COALESCE(EXCLUDED.evidence_due_by, disputes.evidence_due_by),
                    updated_at = EXCLUDED.updated_at
                RETURNING id, (SELECT status FROM before) AS previous
                """)
                .param("id", UUID.randomUUID()).param("payment", paymentId).param("ref", providerRef).param("status", status)
                .param("reason", reason).param("amount", amountMinor).param("currency", currency)
                .param("due", evidenceDueBy == null ? null : evidenceDueBy.atOffset(ZoneOffset.UTC))
                .param("now", now.atOffset(ZoneOffset.UTC))
                .query((rs, n) -> new Upserted(rs.getObject("id", UUID.class),
                        !status.equals(rs.getString("previous")))).single();
    }

    @Override
    public PageView<DisputeView> list(String status, PageRequest page) {
        long total = jdbc.sql("SELECT count(*) FROM disputes WHERE CAST(:status AS text) IS NULL OR status = :status")
                .param("status", status).query(Long.class).single();
        List<DisputeView> items = jdbc.sql("""
                SELECT * FROM disputes WHERE CAST(:status AS text) IS NULL OR status = :status
                ORDER BY evidence_due_by NULLS LAST, created_at DESC LIMIT :limit OFFSET :offset
                """)
                .param("status", status).param("limit", page.size()).param("offset", page.offset())
                .query((rs, n) -> new DisputeView(rs.getObject("id", UUID.class), rs.getObject("payment_id", UUID.class),
                        rs.getString("provider_ref"), rs.getString("status"), rs.getString("reason"), rs.getLong("amount_minor"),
                        rs.getString("currency"), instant(rs.getObject("evidence_due_by", OffsetDateTime.class)),
                        rs.getString("note"), instant(rs.getObject("created_at", OffsetDateTime.class)),
                        instant(rs.getObject("updated_at", OffsetDateTime.class))))
                .list();
        return new PageView<>(items, page.page(), page.size(), total);
    }

    @Override
    public boolean note(UUID disputeId, String note, Instant now) {
        return jdbc.sql("UPDATE disputes SET note = :note, updated_at = :now WHERE id = :id")
                .param("note", note).param("now", now.atOffset(ZoneOffset.UTC)).param("id", disputeId).update() == 1;
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
