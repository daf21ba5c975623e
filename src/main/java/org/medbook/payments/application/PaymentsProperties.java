package org.medbook.payments.application;

import java.time.Duration;

import org.medbook.shared.http.HttpTimeouts;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Under {@code medbook.payments}; a provider is offered only when it is fully configured. */
@ConfigurationProperties("medbook.payments")
public record PaymentsProperties(Stripe stripe, Paypal paypal, @DefaultValue("true") boolean cashEnabled) {

    public PaymentsProperties {
        stripe = stripe == null ? new Stripe("https://api.stripe.com", "https://files.stripe.com", null, null, Duration.ofMinutes(5), Duration.ofSeconds(3), Duration.ofSeconds(10), 2) : stripe;
        paypal = paypal == null ? new Paypal("https://api-m.paypal.com", null, null, null, null, null, Duration.ofSeconds(3), Duration.ofSeconds(10), 2) : paypal;
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
