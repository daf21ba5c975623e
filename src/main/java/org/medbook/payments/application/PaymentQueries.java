package org.medbook.payments.application;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.medbook.payments.PaymentEvents;
import org.medbook.payments.PaymentMethod;
import org.medbook.payments.PaymentStatus;
import org.medbook.payments.PaymentView;
import org.medbook.payments.domain.Payment;
import org.medbook.payments.domain.PaymentRecords;
import org.medbook.shared.Caller;
import org.medbook.shared.MedbookException;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.medbook.shared.ProblemKind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Reading payments (a patient their own; the back office all, with filters) and back-office refunds and disputes. */
@Component
public class PaymentQueries {

    public record Filter(UUID patientId, UUID doctorId, PaymentStatus status, PaymentMethod method, Instant from, Instant to) {
    }

    public interface PaymentDirectory {
        PageView<PaymentView> list(Filter filter, PageRequest page);
    }

    private final PaymentDirectory directory;
    private final PaymentRecords records;
    private final DisputeStore disputes;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    PaymentQueries(PaymentDirectory directory, PaymentRecords records, DisputeStore disputes,
            ApplicationEventPublisher events, Clock clock) {
        this.directory = directory;
        this.records = records;
        this.disputes = disputes;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public PageView<PaymentView> list(Filter filter, PageRequest page) {
        return directory.list(filter, page);
    }

    @Transactional(readOnly = true)
    public PageView<DisputeStore.DisputeView> disputes(String status, PageRequest page) {
        return disputes.list(status, page);
    }

    @Transactional
    public void noteDispute(UUID disputeId, String note) {
        if (!disputes.note(disputeId, note, clock.instant())) {
            throw MedbookException.notFound("Dispute");
        }
    }

    /** A back-office refund (whole or partial); carried out after commit like every refund. */
    @Transactional
    public void refund(UUID paymentId, Long amountMinor, String reason, Caller actor) {
        Payment payment = records.lockById(paymentId).orElseThrow(() -> MedbookException.notFound("Payment"));
        long refundable = payment.refundable();
        long amount = amountMinor == null ? refundable : amountMinor;
        if (amount <= 0 || amount > refundable) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "refund-not-possible",
                    "At most " + refundable + " (minor units) can be refunded from this payment");
        }
        events.publishEvent(new PaymentEvents.RefundRequested(UUID.randomUUID(), clock.instant(), payment.bookingId(),
                amount, reason == null ? "back office" : reason, actor.userId()));
    }
}
