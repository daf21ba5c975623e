package org.medbook.payments.application;

import java.time.Clock;
import java.util.UUID;

import org.medbook.payments.PaymentEvents;
import org.medbook.payments.domain.Payment;
import org.medbook.payments.domain.PaymentRecords;
import org.medbook.shared.MedbookException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A back-office refund: checked against what is left of the payment (refunds already asked for and
 * not yet confirmed count as gone), reserved, and requested through the outbox; {@link RefundProcessor}
 * carries it out with the provider after commit, under an idempotency key derived from the request's.
 */
@Component
public class RefundPaymentHandler {

    /** The accepted request: the refund follows with the provider. */
    public record RefundRequestView(UUID requestId, UUID paymentId, long amountMinor, String currency) {
    }

    private final PaymentRecords records;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RefundPaymentHandler(PaymentRecords records, ApplicationEventPublisher events, Clock clock) {
        this.records = records;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public RefundRequestView handle(RefundPaymentCommand command) {
        Payment payment = records.lockById(command.paymentId()).orElseThrow(() -> MedbookException.notFound("Payment"));
        PaymentEvents.RefundRequested requested = payment.requestRefund(command.requestId(), command.amountMinor(),
                command.reason() == null ? "back office" : command.reason(), command.actorId(), clock.instant());
        records.update(payment);
        records.record(payment, RefundProcessor.REQUESTED, requested.amountMinor(), RefundProcessor.keyOf(requested),
                requested.reason());
        events.publishEvent(requested);
        return new RefundRequestView(command.requestId(), payment.id(), requested.amountMinor(),
                payment.amount().currency());
    }
}
