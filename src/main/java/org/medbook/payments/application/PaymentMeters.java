package org.medbook.payments.application;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.medbook.payments.PaymentMethod;
import org.medbook.shared.metrics.AfterCommit;
import org.springframework.stereotype.Component;

/**
 * Payments by provider and outcome ({@code medbook.payments}) and refunds ({@code medbook.payments.refunds}),
 * read off the entries the payment ledger records, each counted once its transaction has committed.
 */
@Component
public class PaymentMeters {

    private static final Map<String, String> PAYMENT_ENTRIES = Map.of("STARTED", "started", "START_FAILED", "start_failed",
            "CAPTURED", "captured", "FAILED", "failed", "CANCELLED", "cancelled", "CASH_DUE", "cash_due",
            "CASH_PAID", "cash_paid", "CASH_WAIVED", "cash_waived");
    private static final Map<String, String> REFUND_ENTRIES = Map.of("REFUND_REQUESTED", "requested", "REFUNDED", "refunded");

    private final Map<String, Counter> counters = new HashMap<>();

    PaymentMeters(MeterRegistry registry) {
        for (PaymentMethod method : PaymentMethod.values()) {
            for (String outcome : PAYMENT_ENTRIES.values()) {
                counters.put(key("payment", method, outcome), Counter.builder("medbook.payments")
                        .description("Payments by provider and outcome, counted after commit")
                        .tag("provider", provider(method)).tag("outcome", outcome).register(registry));
            }
            for (String outcome : List.of("requested", "refunded", "failed")) {
                counters.put(key("refund", method, outcome), Counter.builder("medbook.payments.refunds")
                        .description("Refunds by provider and outcome (failed: the provider call failed and will be retried)")
                        .tag("provider", provider(method)).tag("outcome", outcome).register(registry));
            }
        }
    }

    /** A ledger entry was written (in the caller's transaction): counted when that commits. */
    public void recorded(PaymentMethod method, String entry) {
        String payment = PAYMENT_ENTRIES.get(entry);
        if (payment != null) {
            AfterCommit.increment(counters.get(key("payment", method, payment)));
        }
        String refund = REFUND_ENTRIES.get(entry);
        if (refund != null) {
            AfterCommit.increment(counters.get(key("refund", method, refund)));
        }
    }

    /** The provider refused or did not answer a refund; the outbox retries it. Counted at once: the attempt happened. */
    void refundFailed(PaymentMethod method) {
        counters.get(key("refund", method, "failed")).increment();
    }

    private static String key(String meter, PaymentMethod method, String outcome) {
        return meter + "/" + method + "/" + outcome;
    }

    private static String provider(PaymentMethod method) {
        return method.name().toLowerCase(Locale.ROOT);
    }
}
