package org.medbook.audit.infrastructure;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.medbook.audit.application.AuditEntryView;
import org.medbook.audit.application.AuditTrail;
import org.medbook.shared.AuditableEvent;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class JdbcAuditTrail implements AuditTrail {

    private static final String FILTER = """
            WHERE (CAST(:actor AS uuid) IS NULL OR actor_id = :actor)
              AND (CAST(:action AS text) IS NULL OR action = :action)
              AND (CAST(:target AS text) IS NULL OR target = :target)
              AND (CAST(:patient AS uuid) IS NULL OR patient_id = :patient)
              AND (CAST(:from AS timestamptz) IS NULL OR occurred_at >= :from)
              AND (CAST(:to AS timestamptz) IS NULL OR occurred_at < :to)
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    JdbcAuditTrail(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public void append(AuditableEvent event) {
        jdbc.sql("""
                INSERT INTO audit_events (event_id, occurred_at, actor_id, action, target, ip, details)
                VALUES (:eventId, :occurredAt, :actor, :action, :target, :ip, CAST(:details AS jsonb))
                ON CONFLICT (event_id) DO NOTHING
                """)
                .param("eventId", event.eventId())
                .param("occurredAt", event.occurredAt().atOffset(ZoneOffset.UTC))
                .param("actor", event.actorId())
                .param("action", event.action())
                .param("target", event.target())
                .param("ip", event.clientIp())
                .param("details", json.writeValueAsString(event.details()))
                .update();
    }

    @Override
    public PageView<AuditEntryView> search(Filter filter, PageRequest page) {
        long total = bind(jdbc.sql("SELECT count(*) FROM audit_events " + FILTER), filter).query(Long.class).single();
        List<AuditEntryView> items = bind(jdbc.sql("SELECT * FROM audit_events " + FILTER
                + " ORDER BY occurred_at DESC, id DESC LIMIT :limit OFFSET :offset"), filter)
                .param("limit", page.size())
                .param("offset", page.offset())
                .query((rs, row) -> new AuditEntryView(rs.getLong("id"), rs.getObject("event_id", UUID.class),
                        rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("actor_id", UUID.class), rs.getString("action"), rs.getString("target"),
                        rs.getString("ip"), rs.getObject("patient_id", UUID.class), json.readValue(rs.getString("details"), new TypeReference<Map<String, Object>>() { })))
                .list();
        return new PageView<>(items, page.page(), page.size(), total);
    }

    private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec, Filter filter) {
        return spec.param("actor", filter.actorId())
                .param("action", filter.action())
                .param("target", filter.target())
                .param("patient", filter.patientId())
                .param("from", utc(filter.from()))
                .param("to", utc(filter.to()));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
