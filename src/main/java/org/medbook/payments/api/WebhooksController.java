package org.medbook.payments.api;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.payments.application.PaypalHandler;
import org.medbook.payments.application.StripeWebhookHandler;
import org.medbook.payments.application.StripeWebhooks;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Provider callbacks. The body is taken as raw text: a signature covers the exact bytes sent. */
@RestController
@Tag(name = "Provider webhooks")
class WebhooksController {

    private final StripeWebhooks stripeWebhooks;
    private final StripeWebhookHandler stripe;
    private final PaypalHandler paypal;

    WebhooksController(StripeWebhooks stripeWebhooks, StripeWebhookHandler stripe, PaypalHandler paypal) {
        this.stripeWebhooks = stripeWebhooks;
        this.stripe = stripe;
        this.paypal = paypal;
    }

    @Operation(summary = "Stripe events (Stripe-Signature verified)")
    @PostMapping(value = "/api/v1/webhooks/stripe", consumes = "*/*")
    Map<String, Boolean> stripe(@RequestBody String payload,
            @RequestHeader(name = "Stripe-Signature", required = false) String signature) {
        stripe.handle(stripeWebhooks.verified(payload, signature));
        return Map.of("received", true);
    }

    @Operation(summary = "PayPal events (verified with PayPal's verify-webhook-signature API)")
    @PostMapping(value = "/api/v1/webhooks/paypal", consumes = "*/*")
    Map<String, Boolean> paypal(@RequestBody String payload, HttpServletRequest request) {
        Map<String, String> headers = new HashMap<>();
        request.getHeaderNames().asIterator().forEachRemaining(name ->
                headers.put(name.toLowerCase(Locale.ROOT), request.getHeader(name)));
        paypal.webhook(headers, payload);
        return Map.of("received", true);
    }
}
