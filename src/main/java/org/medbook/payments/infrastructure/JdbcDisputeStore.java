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
                SELECT d.*, p.method FROM disputes d JOIN payments p ON p.id = d.payment_id
                WHERE CAST(:status AS text) IS NULL OR d.status = :status
                ORDER BY d.evidence_due_by NULLS LAST, d.created_at DESC LIMIT :limit OFFSET :offset
                """)
                .param("status", status).param("limit", page.size()).param("offset", page.offset())
                .query((rs, n) -> view(rs))
                .list();
        return new PageView<>(items, page.page(), page.size(), total);
    }

    @Override
    public boolean note(UUID disputeId, String note, Instant now) {
        return jdbc.sql("UPDATE disputes SET note = :note, updated_at = :now WHERE id = :id")
                .param("note", note).param("now", now.atOffset(ZoneOffset.UTC)).param("id", disputeId).update() == 1;
    }

    @Override
    public java.util.Optional<DisputeDetail> find(UUID disputeId) {
        return jdbc.sql("""
                SELECT d.*, p.method, p.booking_id FROM disputes d JOIN payments p ON p.id = d.payment_id WHERE d.id = :id
                """)
                .param("id", disputeId)
                .query((rs, n) -> new DisputeDetail(view(rs), rs.getString("method"), rs.getObject("booking_id", UUID.class)))
                .optional();
    }

    @Override
    public void addEvidence(UUID disputeId, Evidence e) {
        jdbc.sql("""
                INSERT INTO dispute_evidence (id, dispute_id, text, file_ids, file_names, submitted, actor_id, created_at)
                VALUES (:id, :dispute, :text, :files, :names, :submitted, :actor, :at)
                """)
                .param("id", e.id()).param("dispute", disputeId).param("text", e.text())
                .param("files", e.fileIds().toArray(String[]::new)).param("names", e.fileNames().toArray(String[]::new))
                .param("submitted", e.submitted()).param("actor", e.actorId())
                .param("at", e.createdAt().atOffset(ZoneOffset.UTC))
                .update();
    }

    @Override
    public List<Evidence> evidence(UUID disputeId) {
        return jdbc.sql("SELECT * FROM dispute_evidence WHERE dispute_id = :id ORDER BY created_at, id")
                .param("id", disputeId)
                .query((rs, n) -> new Evidence(rs.getObject("id", UUID.class), rs.getString("text"),
                        List.of((String[]) rs.getArray("file_ids").getArray()),
                        List.of((String[]) rs.getArray("file_names").getArray()), rs.getBoolean("submitted"),
                        rs.getObject("actor_id", UUID.class), instant(rs.getObject("created_at", OffsetDateTime.class))))
                .list();
    }

    @Override
    public List<DisputeView> takeDueSoon(Instant now, Instant before, int limit) {
        return jdbc.sql("""
                WITH due AS (
                    SELECT id FROM disputes
                    WHERE due_reminded_at IS NULL AND evidence_due_by > :now AND evidence_due_by <= :before
                      AND status IN ('needs_response', 'warning_needs_response')
                    ORDER BY evidence_due_by LIMIT :limit FOR UPDATE SKIP LOCKED)
                UPDATE disputes d SET due_reminded_at = :now FROM due WHERE d.id = due.id
                RETURNING d.*, (SELECT p.method FROM payments p WHERE p.id = d.payment_id) AS method
                """)
                .param("now", now.atOffset(ZoneOffset.UTC)).param("before", before.atOffset(ZoneOffset.UTC))
                .param("limit", limit)
                .query((rs, n) -> view(rs)).list();
    }

    private static DisputeView view(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new DisputeView(rs.getObject("id", UUID.class), rs.getObject("payment_id", UUID.class),
                rs.getString("provider_ref"), rs.getString("status"), rs.getString("reason"), rs.getLong("amount_minor"),
                rs.getString("currency"), instant(rs.getObject("evidence_due_by", OffsetDateTime.class)),
                rs.getString("note"), instant(rs.getObject("created_at", OffsetDateTime.class)),
                instant(rs.getObject("updated_at", OffsetDateTime.class)), rs.getString("method"), null);
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
