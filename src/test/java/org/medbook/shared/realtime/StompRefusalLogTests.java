package org.medbook.shared.realtime;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.AbstractMessageChannel;
import org.springframework.messaging.support.ChannelInterceptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A frame the server refuses is the client's mistake: the client is told why, and the server's log
 * has no ERROR line for it. A fault of the server's own while taking a frame is still an ERROR.
 */
@ExtendWith(OutputCaptureExtension.class)
class StompRefusalLogTests extends RealtimeTest {

    private static final String ERRORS = "/user/queue/errors";

    @Autowired
    @Qualifier("clientInboundChannel")
    private AbstractMessageChannel clientInbound;

    @Test
    void aRefusedSendIsAnsweredWithoutAnErrorInTheLog(CapturedOutput output) {
        try (StompTestClient.Connection chat = StompTestClient.connect(port, newPatient().token())) {
            chat.subscribe(ERRORS);
            // a conversation the user is not in: refused by the chat, the connection stays open
            chat.send("/app/conversations/" + UUID.randomUUID() + "/messages", "{\"clientMessageId\":\"c1\",\"body\":\"hi\"}");
            assertThat(chat.next(ERRORS).body()).contains("\"destination\":\"/app/conversations/");
            // a destination nobody may send to: refused by the rules, with an ERROR frame that ends the connection
            assertThat(chat.sendRefused("/topic/notifications", "{\"title\":\"fake\"}"))
                    .isEqualTo("Not allowed to send to /topic/notifications; send to /app/...");
        }
        try (StompTestClient.Connection other = StompTestClient.connect(port, newPatient().token())) {
            String foreignQueue = "/user/" + UUID.randomUUID() + "/queue/notifications";
            assertThat(other.sendRefused(foreignQueue, "{}")).startsWith("Not allowed to send to " + foreignQueue);
        }

        assertThat(stompErrorLines(output)).isEmpty();
    }

    @Test
    void aFaultOfTheServerWhileTakingASendIsStillLoggedAsAnError(CapturedOutput output) {
        String destination = "/app/faulty/" + UUID.randomUUID();
        ChannelInterceptor faulty = new ChannelInterceptor() {
            @Override
            public Message<?> preSend(Message<?> message, MessageChannel channel) {
                StompHeaderAccessor frame = StompHeaderAccessor.wrap(message);
                if (StompCommand.SEND.equals(frame.getCommand()) && destination.equals(frame.getDestination())) {
                    throw new IllegalStateException("the inbound channel broke down");
                }
                return message;
            }
        };
        clientInbound.addInterceptor(faulty);
        try (StompTestClient.Connection connection = StompTestClient.connect(port, newPatient().token())) {
            assertThat(connection.sendRefused(destination, "{}")).isEqualTo("The frame could not be processed");
            // Spring's line names the session and the channel that failed
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stompErrorLines(output))
                    .anyMatch(line -> line.contains("Failed to send message to MessageChannel in session")));
        } finally {
            clientInbound.removeInterceptor(faulty);
        }
    }

    /** ERROR lines Spring's STOMP handling wrote about a frame from a client. */
    private static List<String> stompErrorLines(CapturedOutput output) {
        return output.getOut().lines().filter(line -> line.contains(" ERROR "))
                .filter(line -> line.contains("Failed to send message to MessageChannel") || line.contains("STOMP"))
                .toList();
    }
}
