package org.medbook.shared.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;
import org.medbook.visits.api.VisitTestSupport;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One list of trusted proxies decides, over HTTP and at the WebSocket handshake alike: the test profile
 * trusts 127.0.0.1 only, so a connection from 127.0.0.2 is an ordinary client whose forged
 * {@code X-Forwarded-For} is ignored, while the same header through 127.0.0.1 names the client.
 * The address each request was resolved to is read back from the audit trail.
 */
class TrustedProxyTests extends VisitTestSupport {

    private static final String PROXY = "127.0.0.1";
    private static final String STRANGER = "127.0.0.2";
    private static final String CLIENT_BEHIND_PROXY = "198.51.100.77";
    private static final String FORGED = "203.0.113.66";

    @Test
    void aForgedForwardedForFromAnUntrustedPeerIsIgnoredOverHttpAndOneFromTheProxyIsUsed() throws Exception {
        String direct = uniqueEmail("direct");
        HttpResponse<String> fromStranger = verifyCode(direct, requestEmailCode(direct), STRANGER, FORGED);
        String viaProxy = uniqueEmail("proxied");
        HttpResponse<String> fromProxy = verifyCode(viaProxy, requestEmailCode(viaProxy), PROXY, CLIENT_BEHIND_PROXY);

        assertThat(fromStranger.statusCode()).as(fromStranger.body()).isEqualTo(200);
        assertThat(fromProxy.statusCode()).as(fromProxy.body()).isEqualTo(200);
        assertThat(signInAddresses(userOf(fromStranger))).containsOnly(STRANGER);
        assertThat(signInAddresses(userOf(fromProxy))).containsOnly(CLIENT_BEHIND_PROXY);
    }

    @Test
    void theWebSocketHandshakeResolvesTheClientAddressByTheSameList() throws Exception {
        VideoBooking booking = videoBooking().at(Duration.ofMinutes(5));

        try (Stomp doctor = Stomp.connect(port, STRANGER, FORGED, booking.doctorToken);
                Stomp patient = Stomp.connect(port, PROXY, CLIENT_BEHIND_PROXY, booking.patient.token)) {
            doctor.send(booking.destination("join"));
            patient.send(booking.destination("join"));

            String admin = adminToken();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode items = api.get("/api/v1/admin/audit?action=visit.joined&target=booking:" + booking.id, admin)
                        .body().path("items");
                assertThat(items.size()).isEqualTo(2);
                for (JsonNode item : items) {
                    String expected = item.path("actorId").asString().equals(booking.doctor.id()) ? STRANGER : CLIENT_BEHIND_PROXY;
                    assertThat(item.path("ip").asString()).as(item.toString()).isEqualTo(expected);
                }
            });
        }
    }

    @Test
    void aProxyThatIsNotTrustedCannotClaimHttpsEither() throws Exception {
        HttpResponse<String> forged = get("/api/v1/specialties", STRANGER, Map.of("X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "evil.example"));
        HttpResponse<String> trusted = get("/api/v1/specialties", PROXY, Map.of("X-Forwarded-Proto", "https"));

        assertThat(forged.statusCode()).isEqualTo(200);
        assertThat(forged.headers().firstValue("Strict-Transport-Security")).isEmpty();
        assertThat(trusted.statusCode()).isEqualTo(200);
        assertThat(trusted.headers().firstValue("Strict-Transport-Security")).as("sent on secure requests only").isPresent();
    }

    private java.util.List<String> signInAddresses(String userId) {
        String admin = adminToken();
        Api.Response audit = api.get("/api/v1/admin/audit?action=sign-in.succeeded&actorId=" + userId, admin);
        assertThat(audit.status()).as(audit.toString()).isEqualTo(200);
        return audit.body().path("items").findValuesAsString("ip");
    }

    private static String userOf(HttpResponse<String> tokens) {
        return userIdOf(JSON.readTree(tokens.body()).path("accessToken").asString());
    }

    private HttpResponse<String> verifyCode(String email, String code, String from, String forwardedFor)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/auth/otp/verify"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", forwardedFor)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("destination", email, "code", code))))
                .build();
        return client(from).send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String from, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        headers.forEach(request::header);
        return client(from).send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient client(String from) throws IOException {
        return HttpClient.newBuilder().localAddress(InetAddress.getByName(from)).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A bare STOMP 1.2 client over the JDK's WebSocket, which (unlike the JSR-356 client) binds a local address. */
    private static final class Stomp implements WebSocket.Listener, AutoCloseable {

        private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static Stomp connect(int port, String from, String forwardedFor, String token) throws Exception {
            Stomp stomp = new Stomp();
            stomp.socket = client(from).newWebSocketBuilder().header("X-Forwarded-For", forwardedFor)
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), stomp).get(10, TimeUnit.SECONDS);
            stomp.socket.sendText("CONNECT\naccept-version:1.2\nhost:127.0.0.1\nheart-beat:0,0\nAuthorization:Bearer "
                    + token + "\n\n\0", true).get(10, TimeUnit.SECONDS);
            String answer = stomp.frames.poll(15, TimeUnit.SECONDS);
            assertThat(answer).as("the answer to CONNECT").startsWith("CONNECTED");
            return stomp;
        }

        void send(String destination) throws Exception {
            socket.sendText("SEND\ndestination:" + destination + "\ncontent-length:0\n\n\0", true).get(10, TimeUnit.SECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            int end;
            while ((end = partial.indexOf("\0")) >= 0) {
                frames.add(partial.substring(0, end).stripLeading());
                partial.delete(0, end + 1);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }
}
