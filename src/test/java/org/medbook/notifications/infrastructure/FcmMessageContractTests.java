package org.medbook.notifications.infrastructure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbook.notifications.application.Device;
import org.medbook.notifications.application.PushGateway;
import org.medbook.notifications.application.PushProperties;
import org.medbook.notifications.domain.Kind;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The FCM HTTP v1 send request pinned by the message shape Firebase documents
 * ({@code POST /v1/projects/{project}/messages:send}, {@code {"message": {"token", "notification":
 * {"title", "body"}, "data": {string: string}}}}), compared as a whole JSON tree, so a field added,
 * renamed or typed differently (a number in {@code data}, the legacy {@code to}) fails; and the
 * documented answers: a message name on success, {@code UNREGISTERED} for a gone device.
 */
class FcmMessageContractTests {

    static final String PROJECT = "medbook-contract";
    static final String DEVICE_TOKEN = "bk3RNwTe3H0:CI2k_HHwgIpoDKCIZvvDMExUdFQ3P1";
    static final String EXPECTED = """
            {
              "message": {
                "token": "bk3RNwTe3H0:CI2k_HHwgIpoDKCIZvvDMExUdFQ3P1",
                "notification": {
                  "title": "Booking confirmed",
                  "body": "Dr. Anna Müller, Monday 7 June 2027 at 10:00"
                },
                "data": {
                  "kind": "BOOKING_CONFIRMED",
                  "notificationId": "0f4d7a52-3a8e-4c51-9d7e-2b7f0e6f1a10",
                  "bookingId": "6d1b2f0a-8c4e-4a7b-b3a9-5e2c1d0f9a87"
                }
              }
            }""";
    static final String SENT = "{\"name\":\"projects/medbook-contract/messages/0:1500415314455276%31bd1c9631bd1c96\"}";
    static final String UNREGISTERED = """
            {"error":{"code":404,"message":"Requested entity was not found.","status":"NOT_FOUND",
             "details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"UNREGISTERED"}]}}""";

    record Request(String path, String authorization, String contentType, String body) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HttpServer google;
    private final List<Request> sends = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer = SENT;

    @TempDir
    Path folder;

    @BeforeEach
    void googleStandIn() throws IOException {
        google = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        google.createContext("/token", exchange -> {
            exchange.getRequestBody().readAllBytes();
            respond(exchange, 200, "{\"access_token\":\"ya29.contract\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
        });
        google.createContext("/v1/", exchange -> {
            sends.add(new Request(exchange.getRequestURI().getRawPath(), exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            respond(exchange, status, answer);
        });
        google.start();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @AfterEach
    void stop() {
        google.stop(0);
    }

    private FcmGateway gateway() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\\n"
                + Base64.getEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\\n-----END PRIVATE KEY-----\\n";
        String base = "http://127.0.0.1:" + google.getAddress().getPort();
        Path account = Files.writeString(folder.resolve("service-account.json"), """
                {"type":"service_account","project_id":"%s","private_key_id":"k1","private_key":"%s",
                 "client_email":"push@%s.iam.gserviceaccount.com","token_uri":"%s/token"}"""
                .formatted(PROJECT, pem, PROJECT, base));
        PushProperties properties = new PushProperties(Duration.ofSeconds(1), Duration.ofSeconds(2), 10, true,
                Duration.ofHours(24), List.of(),
                new PushProperties.Fcm(null, account.toString(), base, Duration.ofSeconds(1), Duration.ofSeconds(2)),
                new PushProperties.Vapid(null, null, null));
        return new FcmGateway(properties, JSON, Clock.systemUTC(), org.medbook.shared.http.ProviderHttpClients.standalone());
    }

    private static PushGateway.PushMessage message() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("kind", "BOOKING_CONFIRMED");
        data.put("notificationId", "0f4d7a52-3a8e-4c51-9d7e-2b7f0e6f1a10");
        data.put("bookingId", "6d1b2f0a-8c4e-4a7b-b3a9-5e2c1d0f9a87");
        return new PushGateway.PushMessage(UUID.fromString("0f4d7a52-3a8e-4c51-9d7e-2b7f0e6f1a10"), Kind.BOOKING_CONFIRMED,
                "Booking confirmed", "Dr. Anna Müller, Monday 7 June 2027 at 10:00", data, true);
    }

    private static Device device() {
        return new Device(UUID.randomUUID(), UUID.randomUUID(), Device.Platform.FCM, DEVICE_TOKEN, null, null, Instant.EPOCH);
    }

    @Test
    void theSendRequestIsTheDocumentedMessage() throws Exception {
        PushGateway.Outcome outcome = gateway().send(device(), message());

        assertThat(outcome).isInstanceOf(PushGateway.Outcome.Served.class);
        assertThat(sends).hasSize(1);
        Request send = sends.get(0);
        assertThat(send.path()).isEqualTo("/v1/projects/" + PROJECT + "/messages:send");
        assertThat(send.authorization()).isEqualTo("Bearer ya29.contract");
        assertThat(send.contentType()).startsWith("application/json");
        assertThat(JSON.readTree(send.body())).isEqualTo(JSON.readTree(EXPECTED));
    }

    @Test
    void theDocumentedUnregisteredAnswerMeansTheDeviceIsGone() throws Exception {
        status = 404;
        answer = UNREGISTERED;

        assertThat(gateway().send(device(), message())).isInstanceOf(PushGateway.Outcome.Gone.class);
    }
}
