package org.medbook.chat.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.medbook.chat.domain.MessageBody;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.stomp.StompHeaders;

import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The size of a STOMP frame: an open socket keeps only small buffers, yet the largest message the
 * chat allows still arrives whole, and a frame over the limit ends the socket with a reason.
 */
class ChatFrameSizeTests extends ChatTestSupport {

    /** How an encoder that writes only ASCII (Python's json.dumps, for one) sends text: every emoji as two 6-byte escapes. */
    private static final JsonMapper ASCII_ONLY = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    /** The server's limit for one frame (RealtimeConfiguration), headers included. */
    private static final int FRAME_LIMIT = 64 * 1024;

    @Test
    void theLargestMessageTheChatAllowsArrivesWholeEvenWithEveryCharacterEscaped() {
        Pair pair = pair();
        String body = "\uD83D\uDE00".repeat(MessageBody.MAX_CHARACTERS);
        String json = ASCII_ONLY.writeValueAsString(Map.of("clientMessageId", "largest", "body", body));
        try (ChatStompClient patient = connect(pair.patient()).subscribe(MESSAGES).subscribe(ERRORS);
             ChatStompClient doctor = connect(pair.doctor()).subscribe(MESSAGES)) {

            StompHeaders receipt = patient.sendJsonForReceipt(pair.app("messages"), json);

            JsonNode atDoctor = doctor.next(MESSAGES);
            assertThat(json.getBytes(StandardCharsets.UTF_8).length).as("many times a socket's buffer, within the limit")
                    .isGreaterThan(MessageBody.MAX_CHARACTERS * 12).isLessThan(FRAME_LIMIT);
            assertThat(receipt.getFirst("problem-type")).isNull();
            assertThat(receipt.getFirst("seq")).isEqualTo("1");
            assertThat(atDoctor.path("body").asString()).isEqualTo(body);
            assertThat(patient.next(MESSAGES).path("clientMessageId").asString()).isEqualTo("largest");
            assertThat(history(pair, pair.doctor(), "")).singleElement()
                    .satisfies(stored -> assertThat(stored.path("body").asString()).isEqualTo(body));
            assertThat(patient.connected()).isTrue();
            assertThat(patient.poll(ERRORS, Duration.ZERO)).isNull();
        }
    }

    @Test
    void aFrameOverTheLimitIsRefusedWithAReasonAndTheSocketIsClosed() {
        Pair pair = pair();
        String json = ChatStompClient.JSON.writeValueAsString(Map.of("clientMessageId", "too-large",
                "body", "a".repeat(FRAME_LIMIT)));
        try (ChatStompClient patient = connect(pair.patient()).subscribe(MESSAGES)) {

            try {
                patient.sendJson(pair.app("messages"), json);
            } catch (MessageDeliveryException closedWhileWriting) {
                // the server refuses once the frame passes the limit and may close before the client wrote all of it
                assertThat(closedWhileWriting).hasRootCauseMessage(
                        "Message will not be sent because the WebSocket session has been closed");
            }

            assertThat(patient.nextError()).isEqualTo("A STOMP frame may be at most " + FRAME_LIMIT
                    + " bytes; this one is larger");
            await().atMost(ChatStompClient.WAIT).until(() -> !patient.connected());
        }
        try (ChatStompClient again = connect(pair.patient()).subscribe(MESSAGES)) {
            StompHeaders receipt = again.sendForReceipt(pair.app("messages"), message("after", "a normal message"));
            assertThat(receipt.getFirst("seq")).as("nothing of the refused frame was stored").isEqualTo("1");
            assertThat(history(pair, pair.doctor(), "")).extracting(stored -> stored.path("body").asString())
                    .containsExactly("a normal message");
        }
    }
}
