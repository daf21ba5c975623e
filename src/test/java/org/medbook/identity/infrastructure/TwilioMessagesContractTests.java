package org.medbook.identity.infrastructure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medbook.identity.TextMessages;
import org.medbook.identity.application.IdentityProperties;
import org.medbook.identity.domain.Destination;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Twilio's Messages API as its documentation gives it, not as our sender happens to write it:
 * {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json}, HTTP basic auth with the account
 * SID and auth token, an {@code application/x-www-form-urlencoded} body with exactly the fields
 * {@code To}, {@code From} and {@code Body}; answers are the documented 201 message resource and
 * the documented error object.
 */
class TwilioMessagesContractTests {

    static final String ACCOUNT_SID = "AC00000000000000000000000000000042";
    static final String AUTH_TOKEN = "twilio-contract-auth-token";
    static final String FROM = "+15557122661";
    /** base64("AC00000000000000000000000000000042:twilio-contract-auth-token"), computed with coreutils base64. */
    static final String BASIC = "Basic QUMwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDA0Mjp0d2lsaW8tY29udHJhY3QtYXV0aC10b2tlbg==";
    /** The documented answer to a created message (trimmed to the fields that matter). */
    static final String CREATED = """
            {"account_sid":"AC00000000000000000000000000000042","api_version":"2010-04-01","body":"Hi",
             "direction":"outbound-api","from":"+15557122661","num_segments":"1",
             "sid":"SM00000000000000000000000000000042","status":"queued","to":"+4915112345678"}""";
    /** The documented error object for an invalid destination number. */
    static final String INVALID_TO = """
            {"code":21211,"message":"The 'To' number +4915100000000 is not a valid phone number.",
             "more_info":"https://www.twilio.com/docs/errors/21211","status":400}""";

    record Request(String method, String path, String contentType, String authorization, String body) {
    }

    private HttpServer twilio;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 201;
    private volatile String answer = CREATED;

    @BeforeEach
    void twilioStandIn() throws IOException {
        twilio = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        twilio.createContext("/", exchange -> {
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        twilio.start();
    }

    @AfterEach
    void stop() {
        twilio.stop(0);
    }

    private TwilioSmsSender sender() {
        IdentityProperties.Sms sms = new IdentityProperties.Sms("http://127.0.0.1:" + twilio.getAddress().getPort(),
                ACCOUNT_SID, AUTH_TOKEN, FROM, Duration.ofSeconds(1), Duration.ofSeconds(2));
        return new TwilioSmsSender(new IdentityProperties(null, null, null, sms, null, null, null),
                org.medbook.shared.http.ProviderHttpClients.standalone());
    }

    /** The form fields in the order sent, each name and value decoded as application/x-www-form-urlencoded. */
    private static List<Map.Entry<String, String>> form(String body) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        for (String pair : body.split("&")) {
            String[] parts = pair.split("=", 2);
            fields.add(Map.entry(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(parts.length > 1 ? parts[1] : "", StandardCharsets.UTF_8)));
        }
        return fields;
    }

    @Test
    void aNotificationTextIsPostedAsTheDocumentedForm() {
        TextMessages.Outcome outcome = sender().send("+4915112345678", "Your visit in 24 hours: Dr. Müller, 10:00 & more");

        assertThat(outcome).isEqualTo(TextMessages.Outcome.SENT);
        assertThat(requests).hasSize(1);
        Request request = requests.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json");
        assertThat(request.authorization()).isEqualTo(BASIC);
        assertThat(request.contentType()).startsWith("application/x-www-form-urlencoded");
        assertThat(form(request.body())).containsExactly(Map.entry("To", "+4915112345678"), Map.entry("From", FROM),
                Map.entry("Body", "Your visit in 24 hours: Dr. Müller, 10:00 & more"));
        assertThat(request.body()).as("a + in a number is percent-encoded, never sent as a space")
                .contains("To=%2B4915112345678").contains("From=%2B15557122661");
    }

    @Test
    void aSignInCodeIsPostedAsTheDocumentedFormToo() {
        sender().sendCode(new Destination.Phone("+4915112345678"), "123456", 5);

        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).path()).isEqualTo("/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json");
        assertThat(requests.get(0).authorization()).isEqualTo(BASIC);
        assertThat(form(requests.get(0).body())).containsExactly(Map.entry("To", "+4915112345678"),
                Map.entry("From", FROM), Map.entry("Body", "Your Medbook code is 123456. It expires in 5 minutes. Never share it."));
    }

    @Test
    void theDocumentedErrorForABadNumberIsARefusalAndTooManyRequestsIsATryLater() {
        status = 400;
        answer = INVALID_TO;
        assertThat(sender().send("+4915100000000", "Hi")).isEqualTo(TextMessages.Outcome.REJECTED);

        status = 429;
        answer = "{\"code\":20429,\"message\":\"Too Many Requests\",\"more_info\":\"https://www.twilio.com/docs/errors/20429\",\"status\":429}";
        assertThat(sender().send("+4915112345678", "Hi")).isEqualTo(TextMessages.Outcome.UNAVAILABLE);
    }
}
