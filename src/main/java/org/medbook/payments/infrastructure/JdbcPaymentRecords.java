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
                UPDATE payments SET status = :status, refunded_minor = :refunded, refund_pending_minor = :pending,
                       provider_ref = :ref, capture_ref = :capture, client_secret = :secret, approval_url = :approval,
                       updated_at = :now, version = version + 1
                WHERE id = :id AND version = :version
                """)
                .param("status", payment.status().name()).param("refunded", payment.refundedMinor())
                .param("pending", payment.refundPendingMinor()).param("ref", payment.providerRef()).param("capture", payment.captureRef())
                .param("secret", payment.clientSecret()).param("approval", payment.approvalUrl())
                .param("now", clock.instant().atOffset(ZoneOffset.UTC)).param("id", payment.id())
                .param("version", payment.version())
                .update();
        if (updated == 0) {
            throw new MedbookException(ProblemKind.CONFLICT, "stale-version", "The payment changed meanwhile; try again");
        }
    }

    @Override
    public boolean hasEntry(Payment payment, String entry, String providerRef) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM payment_ledger
                               WHERE payment_id = :payment AND entry = :entry AND provider_ref = :ref)
                """)
                .param("payment", payment.id()).param("entry", entry).param("ref", providerRef)
                .query(Boolean.class).single();
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
    public java.util.Map<UUID, PaymentView> forBookings(Collection<UUID> bookingIds) {
        if (bookingIds.isEmpty()) {
            return java.util.Map.of();
        }
        java.util.Map<UUID, PaymentView> views = new java.util.HashMap<>();
        jdbc.sql("SELECT * FROM payments WHERE booking_id = ANY(:ids)").param("ids", bookingIds.toArray(UUID[]::new))
                .query((rs, n) -> {
                    Payment p = map(rs, n);
                    return new PaymentView(p.id(), p.bookingId(), p.patientId(), p.doctorId(), p.method(), p.status(),
                            p.amount().amountMinor(), p.refundedMinor(), p.amount().currency(), p.clientSecret(),
                            p.approvalUrl(), p.createdAt());
                }).list().forEach(view -> views.put(view.bookingId(), view));
        return views;
    }

    /** The back office's filters; {@code :view} narrows the set to the stuck or the failed payments first. */
    private static final String WHERE = """
            WHERE (CAST(:patient AS uuid) IS NULL OR patient_id = :patient)
              AND (CAST(:doctor AS uuid) IS NULL OR doctor_id = :doctor)
              AND (CAST(:status AS text) IS NULL OR status = :status)
              AND (CAST(:method AS text) IS NULL OR method = :method)
              AND (CAST(:from AS timestamptz) IS NULL OR created_at >= :from)
              AND (CAST(:to AS timestamptz) IS NULL OR created_at < :to)
              AND (:view <> 'STUCK' OR (method <> 'CASH'
                    AND ((status IN ('PENDING', 'AUTHORIZED') AND created_at < :holdsBefore)
                      OR (status = 'REFUND_PENDING' AND updated_at < :refundsBefore))))
              AND (:view <> 'FAILED' OR status = 'FAILED')
            """;

    /** Money taken from the payer (before refunds): captured online, or cash paid. */
    private static final String COLLECTED = "('CAPTURED', 'PAID', 'REFUND_PENDING', 'REFUNDED', 'PARTIALLY_REFUNDED')";

    @Override
    public PageView<PaymentView> list(PaymentQueries.Filter filter, PaymentQueries.StuckBefore stuck, PageRequest page) {
        long total = bind(jdbc.sql("SELECT count(*) FROM payments " + WHERE), filter, stuck).query(Long.class).single();
        List<PaymentView> items = bind(jdbc.sql("SELECT * FROM payments " + WHERE
                + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset"), filter, stuck)
                .param("limit", page.size()).param("offset", page.offset())
                .query((rs, n) -> {
                    Payment p = map(rs, n);
                    return new PaymentView(p.id(), p.bookingId(), p.patientId(), p.doctorId(), p.method(), p.status(),
                            p.amount().amountMinor(), p.refundedMinor(), p.amount().currency(), null, p.approvalUrl(),
                            p.createdAt());
                }).list();
        return new PageView<>(items, page.page(), page.size(), total);
    }

    @Override
    public List<PaymentQueries.CurrencyTotals> totals(PaymentQueries.Filter filter, PaymentQueries.StuckBefore stuck) {
        return bind(jdbc.sql("""
                SELECT currency, count(*) AS count, sum(amount_minor) AS amount,
                       sum(CASE WHEN status IN %s THEN amount_minor ELSE 0 END) AS collected,
                       sum(refunded_minor) AS refunded
                FROM payments
                """.formatted(COLLECTED) + WHERE + " GROUP BY currency ORDER BY currency"), filter, stuck)
                .query((rs, n) -> new PaymentQueries.CurrencyTotals(rs.getString("currency"), rs.getLong("count"),
                        rs.getLong("amount"), rs.getLong("collected"), rs.getLong("refunded"),
                        rs.getLong("collected") - rs.getLong("refunded")))
                .list();
    }

    private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec, PaymentQueries.Filter filter,
            PaymentQueries.StuckBefore stuck) {
        return spec.param("patient", filter.patientId()).param("doctor", filter.doctorId())
                .param("status", filter.status() == null ? null : filter.status().name())
                .param("method", filter.method() == null ? null : filter.method().name())
                .param("from", filter.from() == null ? null : filter.from().atOffset(ZoneOffset.UTC))
                .param("to", filter.to() == null ? null : filter.to().atOffset(ZoneOffset.UTC))
                .param("view", filter.view().name())
                .param("holdsBefore", stuck.holds().atOffset(ZoneOffset.UTC))
                .param("refundsBefore", stuck.refunds().atOffset(ZoneOffset.UTC));
    }

    static Payment map(ResultSet rs, int n) throws SQLException {
        return new Payment(rs.getObject("id", UUID.class), rs.getObject("booking_id", UUID.class),
                rs.getObject("patient_id", UUID.class), rs.getObject("doctor_id", UUID.class),
                PaymentMethod.valueOf(rs.getString("method")), new Money(rs.getLong("amount_minor"), rs.getString("currency")),
                PaymentStatus.valueOf(rs.getString("status")), rs.getLong("refunded_minor"), rs.getLong("refund_pending_minor"),
                rs.getString("provider_ref"),
                rs.getString("capture_ref"), rs.getString("client_secret"), rs.getString("approval_url"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getInt("version"));
    }
}
