package org.medbook.shared.realtime;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every SUBSCRIBE and SEND is authorised: a user subscribes to their own {@code /user/queue/<name>}
 * and nothing else, and sends only to {@code /app/**}. A refused frame ends the session with an
 * ERROR that names what was refused.
 */
class StompSubscriptionTests extends RealtimeTest {

    @Autowired
    private SimpUserRegistry users;

    @Test
    void aUserSubscribesToTheirOwnQueues() {
        try (StompTestClient.Connection connection = StompTestClient.connect(port, newPatient().token())) {
            connection.subscribe(NOTIFICATIONS);
            connection.subscribe("/user/queue/chat");
            assertThat(connection.frames().errors).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/queue/notifications", "/topic/notifications", "/topic/medbook-user-registry",
            "/exchange/amq.direct/notifications", "/user/queue/*", "/user/queue/**", "/user/queue/notifications/x",
            "/user/queue/../topic/x", "/user/topic/notifications", "/app/anything", "/notifications"})
    void subscriptionsOutsideTheUsersOwnQueuesAreRefused(String destination) {
        try (StompTestClient.Connection connection = StompTestClient.connect(port, newPatient().token())) {
            String reason = connection.subscribeRefused(destination);

            assertThat(reason).isEqualTo("Not allowed to subscribe to " + destination
                    + "; subscribe to your own queues, /user/queue/<name>");
        }
    }

    @Test
    void nobodySubscribesToAnotherUsersQueue() {
        Person victim = newPatient();
        try (StompTestClient.Connection victimConnection = StompTestClient.connect(port, victim.token());
             StompTestClient.Connection intruder = StompTestClient.connect(port, newPatient().token())) {
            victimConnection.subscribe(NOTIFICATIONS);

            assertThat(intruder.subscribeRefused("/user/" + victim.id() + "/queue/notifications"))
                    .startsWith("Not allowed to subscribe to /user/" + victim.id() + "/queue/notifications");
        }
        try (StompTestClient.Connection victimConnection = StompTestClient.connect(port, victim.token());
             StompTestClient.Connection intruder = StompTestClient.connect(port, newPatient().token())) {
            victimConnection.subscribe(NOTIFICATIONS);
            await().atMost(StompTestClient.WAIT).until(() -> users.getUser(victim.id().toString()) != null);
            String victimSession = users.getUser(victim.id().toString()).getSessions().iterator().next().getId();

            String resolved = "/queue/notifications-user" + victimSession;
            assertThat(intruder.subscribeRefused(resolved)).startsWith("Not allowed to subscribe to " + resolved);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/queue/notifications", "/topic/notifications", "/user/queue/notifications",
            "/exchange/amq.direct/notifications", "/topic/medbook-unresolved-user-destination"})
    void sendingAnywhereButToTheApplicationIsRefused(String destination) {
        try (StompTestClient.Connection connection = StompTestClient.connect(port, newPatient().token())) {
            assertThat(connection.sendRefused(destination, "{\"title\":\"fake\"}"))
                    .isEqualTo("Not allowed to send to " + destination + "; send to /app/...");
        }
    }

    @Test
    void nobodyPutsMessagesInAnotherUsersQueue() {
        Person victim = newPatient();
        try (StompTestClient.Connection victimConnection = StompTestClient.connect(port, victim.token());
             StompTestClient.Connection intruder = StompTestClient.connect(port, newPatient().token())) {
            victimConnection.subscribe(NOTIFICATIONS);
            String destination = "/user/" + victim.id() + "/queue/notifications";

            assertThat(intruder.sendRefused(destination, "{\"title\":\"Your account is locked, call us\"}"))
                    .startsWith("Not allowed to send to " + destination);
        }
    }

    @Test
    void sendingToTheApplicationIsAllowed() {
        try (StompTestClient.Connection connection = StompTestClient.connect(port, newPatient().token())) {
            connection.send("/app/ping", "hello");
            // frames of a session are authorised in order, so a refusal would have ended it before this receipt
            connection.subscribe(NOTIFICATIONS);
            assertThat(connection.frames().errors).isEmpty();
        }
    }

    @Test
    void framesBeforeConnectAreRefused() throws Exception {
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocketSession socket = new StandardWebSocketClient().execute(new TextWebSocketHandler() {
            @Override
            protected void handleTextMessage(WebSocketSession session, TextMessage message) {
                frames.add(message.getPayload());
            }
        }, new WebSocketHttpHeaders(), URI.create("ws://127.0.0.1:" + port + "/ws")).get(10, TimeUnit.SECONDS);
        try {
            socket.sendMessage(new TextMessage("SUBSCRIBE\nid:0\ndestination:/user/queue/notifications\n\n\0"
                    .getBytes(StandardCharsets.UTF_8)));

            String frame = frames.poll(StompTestClient.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(frame).startsWith("ERROR\n").contains("message:Send CONNECT with an access token first");
        } finally {
            socket.close();
        }
    }
}
