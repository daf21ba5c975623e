package org.medbook.shared.realtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.support.AbstractMessageChannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** What {@link StompUserMessages} hands the broker, and that a broker outage never reaches the caller. */
class StompUserMessagesTests {

    private final List<Message<?>> sent = new ArrayList<>();
    private boolean brokerDown;

    private final AbstractMessageChannel brokerChannel = new AbstractMessageChannel() {
        @Override
        protected boolean sendInternal(Message<?> message, long timeout) {
            if (brokerDown) {
                throw new MessageDeliveryException(message, "Message broker not active");
            }
            sent.add(message);
            return true;
        }
    };

    private final StompUserMessages messages = new StompUserMessages(new SimpMessagingTemplate(brokerChannel));

    @Test
    void addressesTheUsersQueueByUserId() {
        UUID user = UUID.randomUUID();

        messages.send(user, "notifications", Map.of("title", "hello"));

        assertThat(sent).singleElement().satisfies(message -> assertThat(message.getHeaders().get("simpDestination"))
                .isEqualTo("/user/" + user + "/queue/notifications"));
    }

    @Test
    void aBrokerOutageDropsTheMessageInsteadOfFailingTheCaller() {
        brokerDown = true;

        assertThatCode(() -> messages.send(UUID.randomUUID(), "notifications", Map.of("title", "lost")))
                .doesNotThrowAnyException();
        assertThatCode(() -> messages.send(UUID.randomUUID(), "notifications", Map.of("title", "lost too")))
                .doesNotThrowAnyException();

        brokerDown = false;
        messages.send(UUID.randomUUID(), "notifications", Map.of("title", "delivered"));
        assertThat(sent).hasSize(1);
    }
}
