package org.medbook.doctors.infrastructure;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.medbook.doctors.application.DoctorDirectory;
import org.medbook.doctors.application.DoctorView;
import org.medbook.doctors.domain.Doctors;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcDoctorDirectory implements DoctorDirectory {

    private static final String FILTER = """
            WHERE (CAST(:status AS text) IS NULL OR d.verification = :status)
              AND (CAST(:unresolved AS boolean) IS NULL OR :unresolved = EXISTS (
                    SELECT 1 FROM doctor_locations l WHERE l.doctor_id = d.id AND l.geocode_status = 'FAILED'))
            """;

    private final JdbcClient jdbc;
    private final Doctors doctors;

    JdbcDoctorDirectory(JdbcClient jdbc, Doctors doctors) {
        this.jdbc = jdbc;
        this.doctors = doctors;
    }

    @Override
    public List<UUID> bookableIds(UUID after, int limit) {
        return jdbc.sql("""
                SELECT id FROM doctors WHERE verification = 'VERIFIED' AND NOT suspended
                  AND (CAST(:after AS uuid) IS NULL OR id > :after)
                ORDER BY id LIMIT :limit
                """).param("after", after).param("limit", limit).query(UUID.class).list();
    }

    @Override
    public Set<UUID> changedSince(Instant since) {
        return new HashSet<>(jdbc.sql("SELECT id FROM doctors WHERE updated_at >= :since")
                .param("since", since.atOffset(ZoneOffset.UTC)).query(UUID.class).list());
    }

    @Override
    public PageView<DoctorView> list(Filter filter, PageRequest page) {
        String status = filter.status() == null ? null : filter.status().name();
        long total = jdbc.sql("SELECT count(*) FROM doctors d " + FILTER)
                .param("status", status).param("unresolved", filter.unresolvedLocations()).query(Long.class).single();
        List<UUID> ids = jdbc.sql("SELECT d.id FROM doctors d " + FILTER + " ORDER BY d.created_at DESC, d.id LIMIT :limit OFFSET :offset")
                .param("status", status).param("unresolved", filter.unresolvedLocations())
                .param("limit", page.size()).param("offset", page.offset())
                .query(UUID.class).list();
        return new PageView<>(ids.stream().map(id -> doctors.findById(id).map(DoctorView::of).orElseThrow()).toList(),
                page.page(), page.size(), total);
    }
}
