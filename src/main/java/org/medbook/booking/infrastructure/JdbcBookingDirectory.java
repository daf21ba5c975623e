package org.medbook.booking.infrastructure;

import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.medbook.booking.AppointmentStatus;
import org.medbook.booking.application.BookingQueries;
import org.medbook.booking.domain.Appointment;
import org.medbook.booking.domain.Appointments;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcBookingDirectory implements BookingQueries.BookingDirectory {

    private static final String FILTER = """
            WHERE (CAST(:patient AS uuid) IS NULL OR patient_id = :patient)
              AND (CAST(:doctor AS uuid) IS NULL OR doctor_id = :doctor)
              AND (CAST(:status AS text) IS NULL OR status = :status)
              AND (NOT :activeOnly OR status IN (:active))
              AND (CAST(:from AS timestamptz) IS NULL OR starts_at >= :from)
              AND (CAST(:to AS timestamptz) IS NULL OR starts_at < :to)
              AND (CAST(:method AS text) IS NULL OR payment_method = :method)
            """;

    private static final List<String> ACTIVE = Arrays.stream(AppointmentStatus.values())
            .filter(AppointmentStatus::active).map(Enum::name).toList();

    private final JdbcClient jdbc;
    private final Appointments appointments;

    JdbcBookingDirectory(JdbcClient jdbc, Appointments appointments) {
        this.jdbc = jdbc;
        this.appointments = appointments;
    }

    @Override
    public PageView<Appointment> list(BookingQueries.Filter filter, PageRequest page) {
        long total = bind(jdbc.sql("SELECT count(*) FROM appointments " + FILTER), filter).query(Long.class).single();
        List<UUID> ids = bind(jdbc.sql("SELECT id FROM appointments " + FILTER + " ORDER BY starts_at "
                + (filter.newestFirst() ? "DESC" : "ASC") + ", id LIMIT :limit OFFSET :offset"), filter)
                .param("limit", page.size()).param("offset", page.offset()).query(UUID.class).list();
        return new PageView<>(appointments.findAll(ids), page.page(), page.size(), total);
    }

    private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec, BookingQueries.Filter filter) {
        return spec.param("patient", filter.patientId()).param("doctor", filter.doctorId())
                .param("status", filter.status() == null ? null : filter.status().name())
                .param("activeOnly", filter.activeOnly()).param("active", ACTIVE)
                .param("from", filter.from() == null ? null : filter.from().atOffset(ZoneOffset.UTC))
                .param("to", filter.to() == null ? null : filter.to().atOffset(ZoneOffset.UTC))
                .param("method", filter.paymentMethod() == null ? null : filter.paymentMethod().name());
    }
}
