package org.medbook.audit.infrastructure;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.medbook.audit.DataKind;
import org.medbook.audit.PatientAccessLog;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

@Repository
class JdbcPatientAccessLog implements PatientAccessLog {

    private static final String OF_PATIENT = " FROM audit_events WHERE patient_id = :patient AND action = 'patient-data.read'";

    private final JdbcClient jdbc;

    JdbcPatientAccessLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(readOnly = true)
    public PageView<Entry> of(UUID patientId, PageRequest page) {
        long total = jdbc.sql("SELECT count(*)" + OF_PATIENT).param("patient", patientId).query(Long.class).single();
        List<Entry> items = jdbc.sql("SELECT occurred_at, actor_id, details ->> 'role' AS role, details ->> 'kind' AS kind,"
                        + " details ->> 'reason' AS reason" + OF_PATIENT
                        + " ORDER BY occurred_at DESC, id DESC LIMIT :limit OFFSET :offset")
                .param("patient", patientId)
                .param("limit", page.size())
                .param("offset", page.offset())
                .query((rs, row) -> new Entry(rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("actor_id", UUID.class), rs.getString("role"), DataKind.valueOf(rs.getString("kind")),
                        rs.getString("reason")))
                .list();
        return new PageView<>(items, page.page(), page.size(), total);
    }
}
