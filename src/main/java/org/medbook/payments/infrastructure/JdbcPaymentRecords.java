package org.medbook.payments.infrastructure;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.medbook.payments.PaymentMethod;
import org.medbook.payments.PaymentStatus;
import org.medbook.payments.PaymentView;
import org.medbook.payments.application.PaymentMeters;
import org.medbook.payments.application.PaymentQueries;
import org.medbook.payments.domain.Payment;
import org.medbook.payments.domain.PaymentRecords;
import org.medbook.shared.MedbookException;
import org.medbook.shared.Money;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.medbook.shared.ProblemKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcPaymentRecords implements PaymentRecords, PaymentQueries.PaymentDirectory {

    private final JdbcClient jdbc;
    private final Clock clock;

    private final PaymentMeters meters;

    JdbcPaymentRecords(JdbcClient jdbc, Clock clock, PaymentMeters meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public Optional<Payment> byBooking(UUID bookingId) {
        return jdbc.sql("SELECT * FROM payments WHERE booking_id = :id").param("id", bookingId).query(JdbcPaymentRecords::map).optional();
    }

    @Override
    public Optional<Payment> lockByBooking(UUID bookingId) {
        return jdbc.sql("SELECT * FROM payments WHERE booking_id = :id FOR UPDATE").param("id", bookingId)
                .query(JdbcPaymentRecords::map).optional();
    }

    @Override
    public Optional<Payment> lockByProviderRef(PaymentMethod method, String providerRef) {
        return jdbc.sql("SELECT * FROM payments WHERE method = :method AND provider_ref = :ref FOR UPDATE")
                .param("method", method.name()).param("ref", providerRef).query(JdbcPaymentRecords::map).optional();
    }

    @Override
    public Optional<Payment> lockByCapture(PaymentMethod method, String captureRef) {
        return jdbc.sql("SELECT * FROM payments WHERE method = :method AND capture_ref = :ref FOR UPDATE")
                .param("method", method.name()).param("ref", captureRef).query(JdbcPaymentRecords::map).optional();
    }

    @Override
    public Optional<Payment> lockById(UUID id) {
        return jdbc.sql("SELECT * FROM payments WHERE id = :id FOR UPDATE").param("id", id).query(JdbcPaymentRecords::map).optional();
    }

    @Override
    public Payment addOrGet(Payment payment) {
        int inserted = jdbc.sql("""
                INSERT INTO payments (id, booking_id, patient_id, doctor_id, method, status, amount_minor, refunded_minor,
                                      currency, created_at, updated_at)
                VALUES (:id, :booking, :patient, :doctor, :method, :status, :amount, 0, :currency, :now, :now)
                ON CONFLICT (booking_id) DO NOTHING
                """)
                .param("id", payment.id()).param("booking", payment.bookingId()).param("patient", payment.patientId())
                .param("doctor", payment.doctorId()).param("method", payment.method().name())
                .param("status", payment.status().name()).param("amount", payment.amount().amountMinor())
                .param("currency", payment.amount().currency()).param("now", payment.createdAt().atOffset(ZoneOffset.UTC))
                .update();
        return inserted == 1 ? payment : lockByBooking(payment.bookingId()).orElseThrow();
    }

    @Override
    public void addWithEntry(Payment payment, String entry) {
        jdbc.sql("""
                WITH opened AS (
                    INSERT INTO payments (id, booking_id, patient_id, doctor_id, method, status, amount_minor, refunded_minor,
                                          currency, created_at, updated_at)
                    VALUES (:id, :booking, :patient, :doctor, :method, :status, :amount, 0, :currency, :now, :now)
                    RETURNING id, amount_minor, currency
                )
                INSERT INTO payment_ledger (payment_id, recorded_at, entry, amount_minor, currency, provider_ref, note)
                SELECT id, :now, :entry, amount_minor, currency, NULL, NULL FROM opened
                """)
                .param("id", payment.id()).param("booking", payment.bookingId()).param("patient", payment.patientId())
                .param("doctor", payment.doctorId()).param("method", payment.method().name())
                .param("status", payment.status().name()).param("amount", payment.amount().amountMinor())
                .param("currency", payment.amount().currency()).param("now", payment.createdAt().atOffset(ZoneOffset.UTC))
                .param("entry", entry)
                .update();
        meters.recorded(payment.method(), entry);
    }

    @Override
    public void update(Payment payment) {
        int updated = jdbc.sql("""
                UPDATE payments SET status = :status, refunded_minor = :refunded, provider_ref = :ref, capture_ref = :capture,
                       client_secret = :secret, approval_url = :approval, updated_at = :now, version = version + 1
                WHERE id = :id AND version = :version
                """)
                .param("status", payment.status().name()).param("refunded", payment.refundedMinor())
                .param("ref", payment.providerRef()).param("capture", payment.captureRef())
                .param("secret", payment.clientSecret()).param("approval", payment.approvalUrl())
                .param("now", clock.instant().atOffset(ZoneOffset.UTC)).param("id", payment.id())
                .param("version", payment.version())
                .update();
        if (updated == 0) {
            throw new MedbookException(ProblemKind.CONFLICT, "stale-version", "The payment changed meanwhile; try again");
        }
    }

    @Override
    public void record(Payment payment, String entry, long amountMinor, String providerRef, String note) {
        jdbc.sql("""
                INSERT INTO payment_ledger (payment_id, recorded_at, entry, amount_minor, currency, provider_ref, note)
                VALUES (:payment, :now, :entry, :amount, :currency, :ref, :note)
                """)
                .param("payment", payment.id()).param("now", clock.instant().atOffset(ZoneOffset.UTC)).param("entry", entry)
                .param("amount", amountMinor).param("currency", payment.amount().currency()).param("ref", providerRef)
                .param("note", note)
                .update();
        meters.recorded(payment.method(), entry);
    }

    @Override
    public boolean firstDelivery(String provider, String eventId, String eventType) {
        return jdbc.sql("""
                INSERT INTO webhook_events (provider, event_id, event_type, received_at) VALUES (:provider, :id, :type, :now)
                ON CONFLICT DO NOTHING
                """)
                .param("provider", provider).param("id", eventId).param("type", eventType)
                .param("now", clock.instant().atOffset(ZoneOffset.UTC))
                .update() == 1;
    }

    @Override
    public List<UUID> patientsOf(Collection<UUID> paymentIds) {
        if (paymentIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT DISTINCT patient_id FROM payments WHERE id IN (:ids)").param("ids", paymentIds)
                .query(UUID.class).list();
    }

    @Override
    public PageView<PaymentView> list(PaymentQueries.Filter filter, PageRequest page) {
        String where = """
                WHERE (CAST(:patient AS uuid) IS NULL OR patient_id = :patient)
                  AND (CAST(:doctor AS uuid) IS NULL OR doctor_id = :doctor)
                  AND (CAST(:status AS text) IS NULL OR status = :status)
                  AND (CAST(:method AS text) IS NULL OR method = :method)
                  AND (CAST(:from AS timestamptz) IS NULL OR created_at >= :from)
                  AND (CAST(:to AS timestamptz) IS NULL OR created_at < :to)
                """;
        long total = bind(jdbc.sql("SELECT count(*) FROM payments " + where), filter).query(Long.class).single();
        List<PaymentView> items = bind(jdbc.sql("SELECT * FROM payments " + where
                + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset"), filter)
                .param("limit", page.size()).param("offset", page.offset())
                .query((rs, n) -> {
                    Payment p = map(rs, n);
                    return new PaymentView(p.id(), p.bookingId(), p.patientId(), p.doctorId(), p.method(), p.status(),
                            p.amount().amountMinor(), p.refundedMinor(), p.amount().currency(), null, p.approvalUrl(),
                            p.createdAt());
                }).list();
        return new PageView<>(items, page.page(), page.size(), total);
    }

    private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec, PaymentQueries.Filter filter) {
        return spec.param("patient", filter.patientId()).param("doctor", filter.doctorId())
                .param("status", filter.status() == null ? null : filter.status().name())
                .param("method", filter.method() == null ? null : filter.method().name())
                .param("from", filter.from() == null ? null : filter.from().atOffset(ZoneOffset.UTC))
                .param("to", filter.to() == null ? null : filter.to().atOffset(ZoneOffset.UTC));
    }

    static Payment map(ResultSet rs, int n) throws SQLException {
        return new Payment(rs.getObject("id", UUID.class), rs.getObject("booking_id", UUID.class),
                rs.getObject("patient_id", UUID.class), rs.getObject("doctor_id", UUID.class),
                PaymentMethod.valueOf(rs.getString("method")), new Money(rs.getLong("amount_minor"), rs.getString("currency")),
                PaymentStatus.valueOf(rs.getString("status")), rs.getLong("refunded_minor"), rs.getString("provider_ref"),
                rs.getString("capture_ref"), rs.getString("client_secret"), rs.getString("approval_url"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getInt("version"));
    }
}
