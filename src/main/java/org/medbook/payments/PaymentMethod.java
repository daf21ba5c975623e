package org.medbook.payments;

public enum PaymentMethod {
    STRIPE,
    PAYPAL,
    CASH;

    public boolean online() {
        return this != CASH;
    }
}
