package org.medbook.shared.realtime;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.simp.user.UserDestinationMessageHandler;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;

/**
 * Answers a SUBSCRIBE that asks for a {@code receipt} once the in-memory broker holds the
 * subscription, as RabbitMQ does when it relays: a client then knows nothing sent afterwards can
 * miss it. (Spring's simple broker ignores receipts.) A user queue subscription is registered when
 * the user destination handler, which passes it to the broker synchronously, has handled it.
 */
class SubscriptionReceipts implements ExecutorChannelInterceptor {

    private static final byte[] EMPTY = new byte[0];

    private final MessageChannel clientOutbound;

    SubscriptionReceipts(MessageChannel clientOutbound) {
        this.clientOutbound = clientOutbound;
    }

    @Override
    public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler, Exception ex) {
        if (ex != null || !(handler instanceof UserDestinationMessageHandler)) {
            return;
        }
        StompHeaderAccessor subscribe = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (subscribe == null || !StompCommand.SUBSCRIBE.equals(subscribe.getCommand()) || subscribe.getReceipt() == null) {
            return;
        }
        StompHeaderAccessor receipt = StompHeaderAccessor.create(StompCommand.RECEIPT);
        receipt.setReceiptId(subscribe.getReceipt());
        receipt.setSessionId(subscribe.getSessionId());
        clientOutbound.send(MessageBuilder.createMessage(EMPTY, receipt.getMessageHeaders()));
    }
}
