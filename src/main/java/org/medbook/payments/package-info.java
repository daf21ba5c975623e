/**
 * Stripe, PayPal and cash payments, provider webhooks, refunds, disputes and the payment ledger.
 * The booking module starts payments through {@link org.medbook.payments.Payments} and follows
 * {@link org.medbook.payments.PaymentEvents}; payments knows nothing of bookings beyond their ids.
 */
@ApplicationModule(displayName = "Payments", allowedDependencies = {"shared :: *", "audit"})
package org.medbook.payments;

import org.springframework.modulith.ApplicationModule;
