package org.medbook.payments;

public enum PaymentStatus {
    /** Started online, not paid yet. */
    PENDING,
    AUTHORIZED,
    CAPTURED,
    /** Cash, to be paid at the visit. */
    DUE,
    /** Cash, paid. */
    PAID,
    /** Cash, waived by the doctor or an admin. */
    WAIVED,
    FAILED,
    REFUND_PENDING,
    REFUNDED,
    PARTIALLY_REFUNDED,
    /** Nothing was taken and nothing will be. */
    CANCELLED
}
