package org.medbook.shared.realtime;

import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.user.SimpSession;
import org.springframework.messaging.simp.user.SimpSubscription;
import org.springframework.messaging.simp.user.SimpSubscriptionMatcher;
import org.springframework.messaging.simp.user.SimpUser;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.messaging.support.AbstractMessageChannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * What {@link StompUserMessages} hands the broker, that a broker outage never reaches the caller, and that
 * the node's own broker is not handed messages for users with no socket open on it.
 */
class StompUserMessagesTests {

    private final List<Message<?>> sent = new ArrayList<>();
    private boolean brokerDown;
    /** The users the registry knows as connected. */
    private final Set<String> connected = new HashSet<>();

    private final SimpUserRegistry users = new SimpUserRegistry() {
        @Override
        public SimpUser getUser(String userName) {
            if (!connected.contains(userName)) {
                return null;
            }
            return new SimpUser() {
                @Override
                public String getName() {
                    return userName;
                }

                @Override
                public java.security.Principal getPrincipal() {
                    return () -> userName;
                }

                @Override
                public boolean hasSessions() {
                    return true;
                }

                @Override
                public SimpSession getSession(String sessionId) {
                    return null;
                }

                @Override
                public Set<SimpSession> getSessions() {
                    return Set.of();
                }
            };
        }

        @Override
        public Set<SimpUser> getUsers() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int getUserCount() {
            return connected.size();
        }

        @Override
        public Set<SimpSubscription> findSubscriptions(SimpSubscriptionMatcher matcher) {
            throw new UnsupportedOperationException();
        }
    };

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

    private final StompUserMessages messages = messages(RealtimeProperties.Broker.SIMPLE);

    private StompUserMessages messages(RealtimeProperties.Broker broker) {
        return new StompUserMessages(new SimpMessagingTemplate(brokerChannel), users,
                new RealtimeProperties(broker, null, null));
    }

    private UUID connectedUser() {
        UUID user = UUID.randomUUID();
        connected.add(user.toString());
        return user;
    }

    @Test
    void addressesTheUsersQueueByUserId() {
        UUID user = connectedUser();

        messages.send(user, "notifications", Map.of("title", "hello"));

        assertThat(sent).singleElement().satisfies(message -> assertThat(message.getHeaders().get("simpDestination"))
                .isEqualTo("/user/" + user + "/queue/notifications"));
    }

    @Test
    void aBrokerOutageDropsTheMessageInsteadOfFailingTheCaller() {
        brokerDown = true;

        assertThatCode(() -> messages.send(connectedUser(), "notifications", Map.of("title", "lost")))
                .doesNotThrowAnyException();
        assertThatCode(() -> messages.send(connectedUser(), "notifications", Map.of("title", "lost too")))
                .doesNotThrowAnyException();

        brokerDown = false;
        messages.send(connectedUser(), "notifications", Map.of("title", "delivered"));
        assertThat(sent).hasSize(1);
    }

    @Test
    void theNodesOwnBrokerIsNotHandedMessagesForUsersWithNoSocketOpen() {
        UUID away = UUID.randomUUID();
        UUID here = connectedUser();

        messages.send(away, "notifications", Map.of("title", "nobody listens"));
        messages.send(here, "notifications", Map.of("title", "read at once"));

        assertThat(sent).singleElement().satisfies(message -> assertThat(message.getHeaders().get("simpDestination"))
                .isEqualTo("/user/" + here + "/queue/notifications"));
    }

    @Test
    void theRelayIsHandedEveryMessageForTheUserMayBeConnectedToAnotherNode() {
        UUID elsewhere = UUID.randomUUID();

        messages(RealtimeProperties.Broker.RABBITMQ).send(elsewhere, "notifications", Map.of("title", "to node B"));

        assertThat(sent).singleElement().satisfies(message -> assertThat(message.getHeaders().get("simpDestination"))
                .isEqualTo("/user/" + elsewhere + "/queue/notifications"));
    }
}
