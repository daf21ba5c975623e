package org.medbook.chat.api;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;
import org.springframework.messaging.simp.stomp.StompHeaders;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Read and delivery receipts, unread counts, typing. */
class ReceiptTests extends ChatTestSupport {

    private Api.Response read(Pair pair, Person reader, long upToSeq) {
        return api.post(CONVERSATIONS + "/" + pair.conversationId() + "/read", Map.of("upToSeq", upToSeq), reader.token());
    }

    private long unread(Pair pair, Person reader) {
        return api.get(CONVERSATIONS + "/" + pair.conversationId(), reader.token()).body().path("unreadCount").asLong();
    }

    @Test
    void readReceiptsMoveOnlyForwardUpdateUnreadCountsAndTellTheOtherSide() {
        Pair pair = pair();
        try (ChatStompClient patient = connect(pair.patient()).subscribe(EVENTS)) {
            sent(pair, pair.patient(), "one");
            sent(pair, pair.patient(), "two");
            sent(pair, pair.patient(), "three");
            assertThat(unread(pair, pair.doctor())).isEqualTo(3);

            Api.Response upTo2 = read(pair, pair.doctor(), 2);
            JsonNode pushed = patient.next(EVENTS);
            Api.Response backwards = read(pair, pair.doctor(), 1);
            Api.Response beyond = read(pair, pair.doctor(), 4);

            assertThat(upTo2.status()).as(upTo2.toString()).isEqualTo(200);
            assertThat(upTo2.body().path("upToSeq").asLong()).isEqualTo(2);
            assertThat(upTo2.body().path("unreadCount").asLong()).isEqualTo(1);
            assertThat(pushed.path("type").asString()).isEqualTo("READ");
            assertThat(pushed.path("conversationId").asString()).isEqualTo(pair.conversationId().toString());
            assertThat(pushed.path("readerId").asString()).isEqualTo(pair.doctor().id().toString());
            assertThat(pushed.path("upToSeq").asLong()).isEqualTo(2);
            assertThat(backwards.status()).isEqualTo(200);
            assertThat(backwards.body().path("upToSeq").asLong()).as("never backwards").isEqualTo(2);
            assertThat(backwards.body().path("unreadCount").asLong()).isEqualTo(1);
            assertThat(beyond.status()).isEqualTo(422);
            assertThat(beyond.problem()).isEqualTo("seq-out-of-range");
            assertThat(patient.poll(EVENTS, Duration.ofMillis(500))).as("no push when nothing moved").isNull();

            sent(pair, pair.patient(), "four");
            assertThat(unread(pair, pair.doctor())).isEqualTo(2);
            sent(pair, pair.doctor(), "reply");
            assertThat(unread(pair, pair.doctor())).as("one's own messages are never unread").isEqualTo(2);
            assertThat(unread(pair, pair.patient())).isEqualTo(1);
        }
    }

    @Test
    void eachReceiptAnswersItsOwnMarkAndAnUnknownConversationIsNotFound() {
        Pair pair = pair();
        sent(pair, pair.patient(), "one");
        sent(pair, pair.patient(), "two");
        sent(pair, pair.patient(), "three");
        String base = CONVERSATIONS + "/" + pair.conversationId();

        Api.Response readOne = read(pair, pair.doctor(), 1);
        Api.Response deliveredThree = api.post(base + "/delivered", Map.of("upToSeq", 3), pair.doctor().token());
        Api.Response unknown = api.post(CONVERSATIONS + "/" + UUID.randomUUID() + "/delivered",
                Map.of("upToSeq", 1), pair.doctor().token());

        assertThat(readOne.body().path("type").asString()).isEqualTo("READ");
        assertThat(readOne.body().path("upToSeq").asLong()).isEqualTo(1);
        assertThat(deliveredThree.status()).as(deliveredThree.toString()).isEqualTo(200);
        assertThat(deliveredThree.body().path("type").asString()).isEqualTo("DELIVERED");
        assertThat(deliveredThree.body().path("upToSeq").asLong()).as("the delivered mark, not the read one").isEqualTo(3);
        assertThat(deliveredThree.body().path("unreadCount").asLong()).as("delivered is not read").isEqualTo(2);
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void receiptsAndTypingOverStomp() {
        Pair pair = pair();
        sent(pair, pair.patient(), "one");
        sent(pair, pair.patient(), "two");
        try (ChatStompClient patient = connect(pair.patient()).subscribe(EVENTS);
             ChatStompClient doctor = connect(pair.doctor())) {

            StompHeaders delivered = doctor.sendForReceipt(pair.app("delivered"), Map.of("upToSeq", 2));
            JsonNode deliveredPush = patient.next(EVENTS);
            doctor.sendForReceipt(pair.app("typing"), Map.of());
            JsonNode typing = patient.next(EVENTS);
            doctor.sendForReceipt(pair.app("read"), Map.of("upToSeq", 1));
            JsonNode readPush = patient.next(EVENTS);
            StompHeaders backwards = doctor.sendForReceipt(pair.app("read"), Map.of("upToSeq", 0));

            assertThat(delivered.getFirst("problem-type")).isNull();
            assertThat(deliveredPush.path("type").asString()).isEqualTo("DELIVERED");
            assertThat(deliveredPush.path("upToSeq").asLong()).isEqualTo(2);
            assertThat(typing.path("type").asString()).isEqualTo("TYPING");
            assertThat(typing.path("readerId").asString()).isEqualTo(pair.doctor().id().toString());
            assertThat(readPush.path("type").asString()).isEqualTo("READ");
            assertThat(readPush.path("upToSeq").asLong()).isEqualTo(1);
            assertThat(backwards.getFirst("problem-type")).isNull();
            assertThat(patient.poll(EVENTS, Duration.ofMillis(500))).isNull();
        }
        JsonNode view = api.get(CONVERSATIONS + "/" + pair.conversationId(), pair.doctor().token()).body();
        assertThat(view.path("unreadCount").asLong()).isEqualTo(1);
        assertThat(view.path("readUpToSeq").asLong()).isEqualTo(1);
        assertThat(view.path("deliveredUpToSeq").asLong()).isEqualTo(2);
        assertThat(history(pair, pair.doctor(), "")).as("typing is never stored").hasSize(2);
    }

    @Test
    void typingIntoAConversationThatIsNotYoursIsRefusedAsUnknownAndTellsNobody() {
        Pair pair = pair();
        Pair stranger = pair();
        try (ChatStompClient patient = connect(pair.patient()).subscribe(EVENTS);
             ChatStompClient other = connect(stranger.patient()).subscribe(ERRORS)) {
            StompHeaders unknown = other.sendForReceipt("/app/conversations/" + UUID.randomUUID() + "/typing",
                    Map.of());
            JsonNode unknownProblem = other.next(ERRORS);
            StompHeaders notTheirs = other.sendForReceipt(pair.app("typing"), Map.of());
            JsonNode notTheirsProblem = other.next(ERRORS);

            assertThat(unknown.getFirst("problem-status")).isEqualTo("404");
            assertThat(unknownProblem.path("status").asInt()).isEqualTo(404);
            assertThat(notTheirs.getFirst("problem-status")).isEqualTo("404");
            assertThat(notTheirsProblem.path("status").asInt()).isEqualTo(404);
            assertThat(patient.poll(EVENTS, Duration.ofMillis(500))).as("nobody hears a stranger typing").isNull();
            // the connection stays usable: typing in their own conversation is accepted
            StompHeaders own = other.sendForReceipt(stranger.app("typing"), Map.of());
            assertThat(own.getFirst("problem-type")).isNull();
            assertThat(other.connected()).isTrue();
        }
    }
}
