package org.medbook.payments.infrastructure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medbook.payments.application.PaymentsProperties;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PayPal webhook verification pinned by the request PayPal documents for
 * {@code POST /v1/notifications/verify-webhook-signature}: the five {@code PAYPAL-*} transmission
 * headers under their documented names, our webhook id, and the event itself as a JSON object (not a
 * string), authorised by a bearer token from the client-credentials grant; only
 * {@code verification_status: SUCCESS} is accepted.
 */
class PaypalWebhookContractTests {

    static final String EVENT = """
            {"id":"WH-2WR32451HC0233532-67976317FL4543714","create_time":"2027-06-07T08:00:00.000Z",
             "resource_type":"capture","event_type":"PAYMENT.CAPTURE.COMPLETED","event_version":"1.0",
             "summary":"Payment completed for EUR 60.0 EUR",
             "resource":{"id":"42311647XV020574X","status":"COMPLETED","amount":{"currency_code":"EUR","value":"60.00"}}}""";
    static final Map<String, String> HEADERS = Map.of(
            "paypal-auth-algo", "SHA256withRSA",
            "paypal-cert-url", "https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1d93a270",
            "paypal-transmission-id", "69cd13f0-d67a-11e5-baa3-778b53f4ae55",
            "paypal-transmission-sig", "lmI95Jx3Y9nhR5SJWlHVIWpg4AgFk7n9bCHSRxbrd8A9zrhdu2rMyFrmz+Zjh3s3boXB07VXCXUZy/UFzUlnGJn0wDugt7FlSvdKeIJenLRemUxYCPVoEZzg9VFNqOa48gMkvF+XTpxBeUx/kWy6B5cp7GkT2+pOowfRK7OaynuxUoKW3JcMWw272VKjLTtTAShncla7tGF+55rxyt2KNZIIqxNMJ48RDZheGU5w1npu9dZHnPgTXB9iomeVRoD8O/jhRpnKsGrDschyNdkeh81BJJMH4Ctc6lnCCquoP/GzCzz33MMsNdid7vL/NIWaCsekQpW26FpWPi/tfj8nLA==",
            "paypal-transmission-time", "2027-06-07T08:00:01Z");
    static final String EXPECTED = """
            {"auth_algo":"SHA256withRSA",
             "cert_url":"https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1d93a270",
             "transmission_id":"69cd13f0-d67a-11e5-baa3-778b53f4ae55",
             "transmission_sig":"lmI95Jx3Y9nhR5SJWlHVIWpg4AgFk7n9bCHSRxbrd8A9zrhdu2rMyFrmz+Zjh3s3boXB07VXCXUZy/UFzUlnGJn0wDugt7FlSvdKeIJenLRemUxYCPVoEZzg9VFNqOa48gMkvF+XTpxBeUx/kWy6B5cp7GkT2+pOowfRK7OaynuxUoKW3JcMWw272VKjLTtTAShncla7tGF+55rxyt2KNZIIqxNMJ48RDZheGU5w1npu9dZHnPgTXB9iomeVRoD8O/jhRpnKsGrDschyNdkeh81BJJMH4Ctc6lnCCquoP/GzCzz33MMsNdid7vL/NIWaCsekQpW26FpWPi/tfj8nLA==",
             "transmission_time":"2027-06-07T08:00:01Z",
             "webhook_id":"1JE4291016473214C",
             "webhook_event":%s}""".formatted(EVENT);
    /** base64("medbook-client:medbook-secret"), computed with coreutils base64. */
    static final String BASIC = "Basic bWVkYm9vay1jbGllbnQ6bWVkYm9vay1zZWNyZXQ=";

    record Request(String path, String authorization, String contentType, String body) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HttpServer paypal;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile String verdict = "SUCCESS";

    @BeforeEach
    void paypalStandIn() throws IOException {
        paypal = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        paypal.createContext("/v1/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            requests.add(new Request(path, exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            respond(exchange, path.equals("/v1/oauth2/token")
                    ? "{\"scope\":\"https://uri.paypal.com/services/payments/payment\",\"access_token\":\"A21AAFEpH4PsADK7qSS7pSRsgzfENtu-Q1ysgEDVDESseMHBYXVJYE8ovjj68elIDy8nF26AwPhfXTIeWAZHSLIsQkSYz9ifg\",\"token_type\":\"Bearer\",\"app_id\":\"APP-80W284485P519543T\",\"expires_in\":31668}"
                    : "{\"verification_status\":\"" + verdict + "\"}");
        });
        paypal.start();
    }

    private static void respond(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @AfterEach
    void stop() {
        paypal.stop(0);
    }

    private PaypalRestGateway gateway() {
        PaymentsProperties.Paypal settings = new PaymentsProperties.Paypal("http://127.0.0.1:" + paypal.getAddress().getPort(),
                "medbook-client", "medbook-secret", "1JE4291016473214C", "https://medbook.test/return",
                "https://medbook.test/cancel", Duration.ofSeconds(1), Duration.ofSeconds(2), 0);
        return new PaypalRestGateway(new PaymentsProperties(null, settings, true, null), JSON, Clock.systemUTC(),
                org.medbook.shared.http.ProviderHttpClients.standalone());
    }

    @Test
    void theVerificationRequestIsTheDocumentedOne() {
        assertThat(gateway().verifyWebhook(HEADERS, EVENT)).isTrue();

        assertThat(requests).hasSize(2);
        Request token = requests.get(0);
        assertThat(token.path()).isEqualTo("/v1/oauth2/token");
        assertThat(token.authorization()).isEqualTo(BASIC);
        assertThat(token.contentType()).startsWith("application/x-www-form-urlencoded");
        assertThat(token.body()).isEqualTo("grant_type=client_credentials");
        Request verify = requests.get(1);
        assertThat(verify.path()).isEqualTo("/v1/notifications/verify-webhook-signature");
        assertThat(verify.authorization()).isEqualTo("Bearer A21AAFEpH4PsADK7qSS7pSRsgzfENtu-Q1ysgEDVDESseMHBYXVJYE8ovjj68elIDy8nF26AwPhfXTIeWAZHSLIsQkSYz9ifg");
        assertThat(verify.contentType()).startsWith("application/json");
        assertThat(JSON.readTree(verify.body())).isEqualTo(JSON.readTree(EXPECTED));
    }

    @Test
    void onlySuccessIsAcceptedAndAMissingHeaderIsNotEvenAsked() {
        verdict = "FAILURE";
        assertThat(gateway().verifyWebhook(HEADERS, EVENT)).isFalse();

        requests.clear();
        Map<String, String> withoutSignature = new java.util.HashMap<>(HEADERS);
        withoutSignature.remove("paypal-transmission-sig");
        assertThat(gateway().verifyWebhook(withoutSignature, EVENT)).isFalse();
        assertThat(requests).isEmpty();
    }
}
