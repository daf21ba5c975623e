package org.medbook.payments.application;

import java.time.Duration;

import org.medbook.shared.http.HttpTimeouts;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Under {@code medbook.payments}; a provider is offered only when it is fully configured. */
@ConfigurationProperties("medbook.payments")
public record PaymentsProperties(Stripe stripe, Paypal paypal, @DefaultValue("true") boolean cashEnabled, Stuck stuck) {

    public PaymentsProperties {
        stuck = stuck == null ? new Stuck(Duration.ofMinutes(10), Duration.ofDays(1)) : stuck;
        stripe = stripe == null ? new Stripe("https://api.stripe.com", "https://files.stripe.com", null, null, Duration.ofMinutes(5), Duration.ofSeconds(3), Duration.ofSeconds(10), 2) : stripe;
        paypal = paypal == null ? new Paypal("https://api-m.paypal.com", null, null, null, null, null, Duration.ofSeconds(3), Duration.ofSeconds(10), 2) : paypal;
    }

    /**
     * When the back office's "stuck" view lists a payment.
     *
     * @param holdAfter   an online payment still unpaid this long after it started (the booking's hold duration:
     *                    its hold has expired, so the payment should have been cancelled)
     * @param refundAfter a refund the provider has not confirmed this long after it was asked for
     */
    public record Stuck(@DefaultValue("PT10M") Duration holdAfter, @DefaultValue("P1D") Duration refundAfter) {

        public Stuck {
            holdAfter = holdAfter == null || holdAfter.isNegative() ? Duration.ofMinutes(10) : holdAfter;
            refundAfter = refundAfter == null || refundAfter.isNegative() ? Duration.ofDays(1) : refundAfter;
        }
    }

    public record Stripe(@DefaultValue("https://api.stripe.com") String apiBase,
                         @DefaultValue("https://files.stripe.com") String filesBase, String apiKey, String webhookSecret,
                         @DefaultValue("PT5M") Duration tolerance, @DefaultValue("PT3S") Duration connectTimeout,
                         @DefaultValue("PT10S") Duration readTimeout, @DefaultValue("2") int retries) {

        public HttpTimeouts timeouts() {
            return new HttpTimeouts(connectTimeout, readTimeout);
        }

        public boolean enabled() {
            return apiKey != null && !apiKey.isBlank() && webhookSecret != null && !webhookSecret.isBlank();
        }
    }

    public record Paypal(@DefaultValue("https://api-m.paypal.com") String baseUrl, String clientId, String clientSecret,
                         String webhookId, String returnUrl, String cancelUrl, @DefaultValue("PT3S") Duration connectTimeout,
                         @DefaultValue("PT10S") Duration readTimeout, @DefaultValue("2") int retries) {

        public HttpTimeouts timeouts() {
            return new HttpTimeouts(connectTimeout, readTimeout);
        }

        public boolean enabled() {
            return clientId != null && !clientId.isBlank() && clientSecret != null && !clientSecret.isBlank()
                    && webhookId != null && !webhookId.isBlank();
        }
    }
}
