package org.medbook.shared.realtime;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.broker.OrderedMessageChannelDecorator;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;

/**
 * Lets a socket's next ordered frame go only once the frame before it is in the socket's send
 * buffer, whatever else is written to that socket meanwhile.
 * <p>
 * Frames sent in order to one socket (the broker's, with publish order preserved, and
 * {@link OrderedFanout}'s) carry the task that releases the next one. Spring's STOMP handler hands
 * that task to the socket as its one "message sent" callback before it writes the frame, and the
 * socket calls that callback for every frame it buffers, including frames nobody orders (a
 * RECEIPT, a refusal, a frame of another ordered stream). Such a frame buffered in between releases
 * the next ordered frame before the current one is written, and the two can then reach the client
 * the wrong way round. So this interceptor takes the task off the frame before the handler sees it
 * and runs it once the handler returned, when the frame is buffered.
 */
final class SendOrder implements ExecutorChannelInterceptor {

    /** The header {@link OrderedMessageChannelDecorator} puts its task under (its own constant is private). */
    static final String SPRING_TASK = "simpNextMessageTask";
    static final String TASK = "medbookNextFrameTask";

    @Override
    public Message<?> beforeHandle(Message<?> message, MessageChannel channel, MessageHandler handler) {
        Runnable task = OrderedMessageChannelDecorator.getNextMessageTask(message);
        if (task == null) {
            return message;
        }
        MessageHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, MessageHeaderAccessor.class);
        if (accessor == null || !accessor.isMutable()) {
            accessor = MessageHeaderAccessor.getMutableAccessor(message);
        }
        accessor.removeHeader(SPRING_TASK);
        accessor.setHeader(TASK, task);
        return MessageBuilder.createMessage(message.getPayload(), accessor.getMessageHeaders());
    }

    @Override
    public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler, Exception failure) {
        if (message.getHeaders().get(TASK) instanceof Runnable task) {
            task.run();
        }
    }
}
