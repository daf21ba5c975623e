package org.medbook.payments.application;

import org.medbook.payments.PaymentView;
import org.medbook.payments.domain.Payment;

final class PaymentViews {

    private PaymentViews() {
    }

    static PaymentView of(Payment payment) {
        return new PaymentView(payment.id(), payment.bookingId(), payment.patientId(), payment.doctorId(),
                payment.method(), payment.status(), payment.amount().amountMinor(), payment.refundedMinor(),
                payment.amount().currency(), payment.clientSecret(), payment.approvalUrl(), payment.createdAt());
    }
}
