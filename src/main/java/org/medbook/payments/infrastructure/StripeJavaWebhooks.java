package org.medbook.payments.infrastructure;

import java.time.Clock;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;

import org.medbook.payments.application.PaymentsProperties;
import org.medbook.payments.application.StripeWebhooks;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a {@code Stripe-Signature} header with stripe-java's own verifier, within the configured
 * tolerance of the application's clock, and reads the event's ids. stripe-java refuses only
 * timestamps older than the tolerance; one further ahead than the tolerance (a wrong clock or a
 * forgery) is refused here as well.
 */
@Component
class StripeJavaWebhooks implements StripeWebhooks {

    private final PaymentsProperties.Stripe properties;
    private final JsonMapper json;
    private final Clock clock;

    StripeJavaWebhooks(PaymentsProperties properties, JsonMapper json, Clock clock) {
        this.properties = properties.stripe();
        this.json = json;
        this.clock = clock;
    }

    @Override
    public Event verified(String payload, String signatureHeader) {
        if (!properties.enabled()) {
            throw new MedbookException(ProblemKind.NOT_FOUND, "not-found", "Stripe is not configured");
        }
        refuseUnlessSigned(payload, signatureHeader);
        return read(payload);
    }

    private void refuseUnlessSigned(String payload, String header) {
        if (header == null || header.isBlank()) {
            throw refused("missing Stripe-Signature header");
        }
        long tolerance = properties.tolerance().toSeconds();
        try {
            Webhook.Signature.verifyHeader(payload, header, properties.webhookSecret(), tolerance, clock);
        } catch (SignatureVerificationException e) {
            throw refused(e.getMessage());
        } catch (RuntimeException e) {
            // stripe-java lets a timestamp that is not a number, or a "t" without a value, escape unchecked.
            throw refused("malformed header");
        }
        if (signedAt(header) > clock.instant().getEpochSecond() + tolerance) {
            throw refused("timestamp in the future");
        }
    }

    /** The header's timestamp, read as stripe-java reads it (it has just verified the signature over it). */
    private static long signedAt(String header) {
        for (String item : header.split(",", -1)) {
            String[] pair = item.split("=", 2);
            if (pair[0].equals("t")) {
                return Long.parseLong(pair[1]);
            }
        }
        throw new IllegalStateException("a verified header has a timestamp");
    }

    private static MedbookException refused(String reason) {
        return new MedbookException(ProblemKind.BAD_INPUT, "invalid-signature", "Stripe signature refused: " + reason);
    }

    private Event read(String payload) {
        JsonNode event;
        try {
            event = json.readTree(payload);
        } catch (RuntimeException e) {
            throw MedbookException.badInput("malformed-request", "The event is not JSON");
        }
        String id = event.path("id").asString("");
        String type = event.path("type").asString("");
        if (id.isEmpty() || type.isEmpty()) {
            throw MedbookException.badInput("malformed-request", "The event has no id or type");
        }
        JsonNode object = event.path("data").path("object");
        return new Event(id, type, object.path("id").asString(null), object.path("payment_intent").asString(null));
    }
}
