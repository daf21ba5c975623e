package org.medbook.payments.application;

import java.time.Clock;

import org.medbook.payments.PaymentEvents;
import org.medbook.payments.PaymentView;
import org.medbook.payments.domain.Payment;
import org.medbook.payments.domain.PaymentRecords;
import org.medbook.shared.MedbookException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Records cash paid or waived: the ledger entry and the payment's own CashSettled, in one transaction. */
@Component
public class SettleCashHandler {

    private final PaymentRecords records;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    SettleCashHandler(PaymentRecords records, ApplicationEventPublisher events, Clock clock) {
        this.records = records;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public PaymentView handle(SettleCashCommand command) {
        Payment payment = records.lockByBooking(command.bookingId())
                .orElseThrow(() -> MedbookException.notFound("Payment"));
        PaymentEvents.CashSettled settled = payment.settleCash(command.waived(), clock.instant());
        records.update(payment);
        records.record(payment, command.waived() ? "CASH_WAIVED" : "CASH_PAID", settled.amountMinor(), null,
                "by " + command.actorId());
        events.publishEvent(settled);
        return PaymentViews.of(payment);
    }
}
