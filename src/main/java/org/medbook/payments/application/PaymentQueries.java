package org.medbook.payments.application;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.medbook.payments.PaymentMethod;
import org.medbook.payments.PaymentStatus;
import org.medbook.payments.PaymentView;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Reading payments (a patient their own; the back office all, with filters) and disputes; never writes. */
@Component
public class PaymentQueries {

    /** Which payments the back office looks at, before the other filters. */
    public enum View {
        ALL,
        /**
         * Online payments still waiting for the payer past the hold (the hold's release did not reach them), and
         * refunds the provider has not confirmed after {@link PaymentsProperties.Stuck#refundAfter()}.
         */
        STUCK,
        /** Payments the provider declined or that failed. */
        FAILED
    }

    /** A null field filters nothing. */
    public record Filter(UUID patientId, UUID doctorId, PaymentStatus status, PaymentMethod method, Instant from,
                         Instant to, View view) {

        public Filter {
            view = view == null ? View.ALL : view;
        }

        public Filter(UUID patientId, UUID doctorId, PaymentStatus status, PaymentMethod method, Instant from, Instant to) {
            this(patientId, doctorId, status, method, from, to, View.ALL);
        }
    }

    /** Payments count as stuck when still pending from before these instants. */
    public record StuckBefore(Instant holds, Instant refunds) {
    }

    /**
     * The totals of a filtered set, per currency: {@code amountMinor} of every payment in it, {@code collectedMinor}
     * of those whose money was taken (captured online, or cash paid), {@code refundedMinor} given back, and
     * {@code netMinor}, what was collected and kept.
     */
    public record CurrencyTotals(String currency, long count, long amountMinor, long collectedMinor, long refundedMinor,
                                 long netMinor) {
    }

    public record TotalsView(long count, List<CurrencyTotals> byCurrency) {
    }

    public interface PaymentDirectory {
        PageView<PaymentView> list(Filter filter, StuckBefore stuck, PageRequest page);

        /** Totals of the whole filtered set, in one statement. */
        List<CurrencyTotals> totals(Filter filter, StuckBefore stuck);

        /** The payments of these bookings, by booking id, in one statement. */
        Map<UUID, PaymentView> forBookings(Collection<UUID> bookingIds);

        /** The patients who made these payments, each once. */
        List<UUID> patientsOf(Collection<UUID> paymentIds);
    }

    private final PaymentDirectory directory;
    private final DisputeStore disputes;
    private final PaymentsProperties properties;
    private final Clock clock;

    PaymentQueries(PaymentDirectory directory, DisputeStore disputes, PaymentsProperties properties, Clock clock) {
        this.directory = directory;
        this.disputes = disputes;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public PageView<PaymentView> list(Filter filter, PageRequest page) {
        return directory.list(filter, stuckBefore(), page);
    }

    @Transactional(readOnly = true)
    public TotalsView totals(Filter filter) {
        List<CurrencyTotals> byCurrency = directory.totals(filter, stuckBefore());
        return new TotalsView(byCurrency.stream().mapToLong(CurrencyTotals::count).sum(), byCurrency);
    }

    /** Whose data a page of disputes shows: the patients who made the disputed payments. */
    @Transactional(readOnly = true)
    public List<UUID> patientsOf(Collection<UUID> paymentIds) {
        return directory.patientsOf(paymentIds);
    }

    @Transactional(readOnly = true)
    public PageView<DisputeStore.DisputeView> disputes(String status, PageRequest page) {
        return disputes.list(status, page).map(DisputeStore.DisputeView::withProviderUrl);
    }

    private StuckBefore stuckBefore() {
        Instant now = clock.instant();
        return new StuckBefore(now.minus(properties.stuck().holdAfter()), now.minus(properties.stuck().refundAfter()));
    }
}
