package org.medbook.shared.realtime;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link UserMessages} reaches every session of one user, as JSON, and nobody else. */
class UserMessagesTests extends RealtimeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Note(UUID id, String title, Instant createdAt, Instant readAt, Map<String, Object> data) {
    }

    @Autowired
    private UserMessages messages;

    @Test
    void aUserReceivesTheMessageAsJsonWithIsoInstants() {
        Person patient = newPatient();
        Instant at = Instant.parse("2026-03-29T01:30:00.123456Z");
        Note note = new Note(UUID.randomUUID(), "Grüße", at, null, Map.of("bookingId", "b-1", "amountMinor", 4500));

        try (StompTestClient.Connection connection = StompTestClient.connect(port, patient.token())) {
            connection.subscribe(NOTIFICATIONS);
            messages.send(patient.id(), "notifications", note);

            StompTestClient.Received received = connection.next(NOTIFICATIONS);
            assertThat(received.headers().getContentType().toString()).startsWith("application/json");
            assertThat(received.headers().getDestination()).isEqualTo(NOTIFICATIONS);
            JsonNode body = JSON.readTree(received.body());
            assertThat(body.path("id").asString()).isEqualTo(note.id().toString());
            assertThat(body.path("title").asString()).isEqualTo("Grüße");
            assertThat(body.path("createdAt").isString()).as(received.body()).isTrue();
            assertThat(Instant.parse(body.path("createdAt").asString())).isEqualTo(at);
            assertThat(body.path("data").path("amountMinor").asInt()).isEqualTo(4500);
        }
    }

    @Test
    void anotherUserReceivesNothing() {
        Person addressee = newPatient();
        Person bystander = newPatient();
        try (StompTestClient.Connection addressed = StompTestClient.connect(port, addressee.token());
             StompTestClient.Connection other = StompTestClient.connect(port, bystander.token())) {
            addressed.subscribe(NOTIFICATIONS);
            other.subscribe(NOTIFICATIONS);

            messages.send(addressee.id(), "notifications", Map.of("title", "for the addressee"));
            // sent after, on the same path: had the first reached the bystander, it would have come before this
            messages.send(bystander.id(), "notifications", Map.of("title", "for the bystander"));

            assertThat(addressed.next(NOTIFICATIONS).body()).contains("for the addressee");
            assertThat(other.next(NOTIFICATIONS).body()).contains("for the bystander");
            assertThat(other.frames().on(NOTIFICATIONS).messages).isEmpty();
            assertThat(addressed.frames().on(NOTIFICATIONS).messages).isEmpty();
        }
    }

    @Test
    void everySessionOfTheUserReceivesIt() {
        Person patient = newPatient();
        try (StompTestClient.Connection phone = StompTestClient.connect(port, patient.token());
             StompTestClient.Connection browser = StompTestClient.connect(port, patient.token())) {
            phone.subscribe(NOTIFICATIONS);
            browser.subscribe(NOTIFICATIONS);

            messages.send(patient.id(), "notifications", Map.of("title", "both"));

            assertThat(phone.next(NOTIFICATIONS).body()).contains("both");
            assertThat(browser.next(NOTIFICATIONS).body()).contains("both");
        }
    }

    @Test
    void aMessageGoesOnlyToTheNamedQueue() {
        Person patient = newPatient();
        try (StompTestClient.Connection connection = StompTestClient.connect(port, patient.token())) {
            connection.subscribe(NOTIFICATIONS);
            connection.subscribe("/user/queue/chat");

            messages.send(patient.id(), "chat", Map.of("text", "hello"));
            messages.send(patient.id(), "notifications", Map.of("title", "after the chat message"));

            assertThat(connection.next(NOTIFICATIONS).body()).contains("after the chat message");
            assertThat(connection.next("/user/queue/chat").body()).contains("hello");
            assertThat(connection.frames().on(NOTIFICATIONS).messages).isEmpty();
        }
    }

    @Test
    void queueNamesArePlainWords() {
        UUID someone = UUID.randomUUID();
        Object payload = Map.of("at", Instant.now().truncatedTo(ChronoUnit.SECONDS));

        assertThatThrownBy(() -> messages.send(someone, "../topic/all", payload)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> messages.send(someone, "a/b", payload)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> messages.send(someone, "*", payload)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> messages.send(someone, "", payload)).isInstanceOf(IllegalArgumentException.class);
    }
}
