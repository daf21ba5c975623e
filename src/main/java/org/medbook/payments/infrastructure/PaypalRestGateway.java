package org.medbook.payments.infrastructure;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.medbook.payments.application.Money100;
import org.medbook.payments.application.PaymentsProperties;
import org.medbook.payments.application.PaypalGateway;
import org.medbook.shared.MedbookException;
import org.medbook.shared.Money;
import org.medbook.shared.ProblemKind;
import org.medbook.shared.http.ProviderHttpClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * PayPal's REST API: OAuth 2 client credentials (token cached until shortly before it expires),
 * Orders v2 (create with intent CAPTURE, capture), the captures refund API, and
 * verify-webhook-signature. Writes carry a {@code PayPal-Request-Id}; timeouts and 5xx are retried
 * with the same id, so PayPal answers a repeat with the first result.
 */
@Component
class PaypalRestGateway implements PaypalGateway {

    private static final Logger log = LoggerFactory.getLogger(PaypalRestGateway.class);

    private final PaymentsProperties.Paypal properties;
    private final RestClient http;
    private final JsonMapper json;
    private final Clock clock;
    private String token;
    private Instant tokenExpiresAt = Instant.EPOCH;

    PaypalRestGateway(PaymentsProperties properties, JsonMapper json, Clock clock, ProviderHttpClients clients) {
        this.properties = properties.paypal();
        this.http = clients.builder(this.properties.timeouts()).baseUrl(this.properties.baseUrl()).build();
        this.json = json;
        this.clock = clock;
    }

    @Override
    public Order createOrder(UUID bookingId, Money amount, String description) {
        Map<String, Object> body = Map.of(
                "intent", "CAPTURE",
                "purchase_units", List.of(Map.of("reference_id", bookingId.toString(), "custom_id", bookingId.toString(),
                        "description", description,
                        "amount", Map.of("currency_code", amount.currency(), "value", Money100.decimal(amount)))),
                "payment_source", Map.of("paypal", Map.of("experience_context", Map.of(
                        "user_action", "PAY_NOW",
                        "return_url", properties.returnUrl() == null ? "https://medbook.org/paypal/return" : properties.returnUrl(),
                        "cancel_url", properties.cancelUrl() == null ? "https://medbook.org/paypal/cancel" : properties.cancelUrl()))));
        JsonNode order = post("/v2/checkout/orders", body, "order-" + bookingId);
        String approval = null;
        for (JsonNode link : order.path("links")) {
            String rel = link.path("rel").asString("");
            if (rel.equals("payer-action") || rel.equals("approve")) {
                approval = link.path("href").asString(null);
            }
        }
        return new Order(order.path("id").asString(), order.path("status").asString(), approval);
    }

    @Override
    public Capture capture(String orderId, String requestId) {
        JsonNode order = post("/v2/checkout/orders/" + orderId + "/capture", Map.of(), requestId);
        JsonNode capture = order.path("purchase_units").path(0).path("payments").path("captures").path(0);
        return new Capture(capture.path("id").asString(null), capture.path("status").asString(order.path("status").asString("")));
    }

    @Override
    public long refund(String captureId, Money amount, String requestId) {
        JsonNode refund = post("/v2/payments/captures/" + captureId + "/refund",
                Map.of("amount", Map.of("currency_code", amount.currency(), "value", Money100.decimal(amount))), requestId);
        return "COMPLETED".equals(refund.path("status").asString("")) ? amount.amountMinor() : 0;
    }

    @Override
    public boolean verifyWebhook(Map<String, String> headers, String body) {
        JsonNode event;
        try {
            event = json.readTree(body);
        } catch (RuntimeException e) {
            return false;
        }
        String[] required = {"paypal-auth-algo", "paypal-cert-url", "paypal-transmission-id", "paypal-transmission-sig",
                "paypal-transmission-time"};
        for (String header : required) {
            if (headers.get(header) == null) {
                return false;
            }
        }
        Map<String, Object> request = Map.of(
                "auth_algo", headers.get("paypal-auth-algo"),
                "cert_url", headers.get("paypal-cert-url"),
                "transmission_id", headers.get("paypal-transmission-id"),
                "transmission_sig", headers.get("paypal-transmission-sig"),
                "transmission_time", headers.get("paypal-transmission-time"),
                "webhook_id", properties.webhookId(),
                "webhook_event", event);
        JsonNode answer = post("/v1/notifications/verify-webhook-signature", request, null);
        return "SUCCESS".equals(answer.path("verification_status").asString(""));
    }

    private JsonNode post(String path, Object body, String requestId) {
        return withRetries(() -> {
            String answer = http.post().uri(path)
                    .headers(headers -> {
                        headers.setBearerAuth(accessToken());
                        headers.setContentType(MediaType.APPLICATION_JSON);
                        headers.set("Prefer", "return=representation");
                        if (requestId != null) {
                            headers.set("PayPal-Request-Id", requestId);
                        }
                    })
                    .body(json.writeValueAsString(body))
                    .retrieve()
                    .body(String.class);
            return json.readTree(answer == null ? "{}" : answer);
        });
    }

    private synchronized String accessToken() {
        if (token != null && clock.instant().isBefore(tokenExpiresAt)) {
            return token;
        }
        LinkedMultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "client_credentials");
        String answer = http.post().uri("/v1/oauth2/token")
                .headers(headers -> headers.setBasicAuth(properties.clientId(), properties.clientSecret()))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(form)
                .retrieve()
                .body(String.class);
        JsonNode node = json.readTree(answer);
        token = node.path("access_token").asString();
        tokenExpiresAt = clock.instant().plusSeconds(Math.max(60, node.path("expires_in").asLong(300) - 60));
        return token;
    }

    private JsonNode withRetries(Supplier<JsonNode> call) {
        RuntimeException last = null;
        for (int attempt = 0; attempt <= properties.retries(); attempt++) {
            try {
                return call.get();
            } catch (HttpServerErrorException | ResourceAccessException e) {
                last = e;
                log.warn("PayPal call failed (attempt {}): {}", attempt + 1, e.getClass().getSimpleName());
            } catch (HttpClientErrorException e) {
                if (e.getStatusCode().value() == 401) {
                    synchronized (this) {
                        token = null;
                    }
                    last = e;
                    continue;
                }
                log.warn("PayPal refused a request: {}", e.getStatusCode());
                throw new MedbookException(ProblemKind.RULE_BROKEN, "payment-declined",
                        "PayPal refused the request (" + e.getStatusCode().value() + ")");
            }
        }
        throw new MedbookException(ProblemKind.UNAVAILABLE, "payment-provider-unavailable",
                "PayPal cannot be reached right now; try again shortly");
    }


}
