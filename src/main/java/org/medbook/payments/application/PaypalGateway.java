package org.medbook.payments.application;

import java.util.Map;
import java.util.UUID;

import org.medbook.shared.Money;

/** PayPal Orders v2, captures, refunds and webhook verification. */
public interface PaypalGateway {

    record Order(String id, String status, String approvalUrl) {
    }

    record Capture(String id, String status) {

        public boolean completed() {
            return "COMPLETED".equals(status);
        }
    }

    /** Intent CAPTURE; idempotent per booking (PayPal-Request-Id). */
    Order createOrder(UUID bookingId, Money amount, String description);

    Capture capture(String orderId, String requestId);

    /** @return the refunded amount when PayPal reports it completed, otherwise 0 */
    long refund(String captureId, Money amount, String requestId);

    /** Asks PayPal whether these headers sign this body for our webhook id. */
    boolean verifyWebhook(Map<String, String> headers, String body);
}
