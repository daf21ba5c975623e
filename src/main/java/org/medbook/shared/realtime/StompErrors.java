package org.medbook.shared.realtime;

import java.nio.charset.StandardCharsets;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompConversionException;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.messaging.StompSubProtocolErrorHandler;

/**
 * Says in the ERROR frame why a frame was refused (the default text only names the channel that
 * failed), in the {@code message} header and as the plain-text body. Reasons come from our own
 * refusals, from the authorization rules and from the decoder (a frame too large, or not STOMP);
 * anything else stays a generic sentence.
 */
class StompErrors extends StompSubProtocolErrorHandler {

    private static final MimeType TEXT = new MimeType(MimeTypeUtils.TEXT_PLAIN, StandardCharsets.UTF_8);

    @Override
    protected Message<byte[]> handleInternal(StompHeaderAccessor error, byte[] payload, Throwable cause,
            StompHeaderAccessor client) {
        if (cause == null) {
            return super.handleInternal(error, payload, null, client);
        }
        String reason = reason(cause, client);
        error.setMessage(reason);
        error.setContentType(TEXT);
        byte[] body = reason.getBytes(StandardCharsets.UTF_8);
        return MessageBuilder.createMessage(body, error.getMessageHeaders());
    }

    static String reason(Throwable cause, StompHeaderAccessor client) {
        if (client != null && client.getUser() == null && !isConnect(client.getCommand())) {
            return "Send CONNECT with an access token first";
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof RealtimeRefusal refusal) {
                return refusal.getMessage();
            }
            if (t instanceof StompConversionException unreadable) {
                return unreadable(unreadable);
            }
            if (t instanceof AccessDeniedException) {
                return denied(client);
            }
        }
        return "The frame could not be processed";
    }

    /** A frame the decoder could not read: too large (the decoder's own messages say "size limit"), or not STOMP. */
    private static String unreadable(StompConversionException e) {
        if (e.getMessage() != null && e.getMessage().contains("size limit")) {
            return "A STOMP frame may be at most " + RealtimeConfiguration.MAX_FRAME_BYTES + " bytes; this one is larger";
        }
        return "The frame is not valid STOMP";
    }

    private static String denied(StompHeaderAccessor client) {
        StompCommand command = client == null ? null : client.getCommand();
        String destination = client == null ? null : client.getDestination();
        if (StompCommand.SUBSCRIBE.equals(command)) {
            return "Not allowed to subscribe to " + destination + "; subscribe to your own queues, "
                    + Destinations.USER_PREFIX + Destinations.QUEUE_PREFIX + "/<name>";
        }
        if (StompCommand.SEND.equals(command)) {
            return "Not allowed to send to " + destination + "; send to " + Destinations.APPLICATION_PREFIX + "/...";
        }
        if (isConnect(command)) {
            return "An access token is required: send 'Authorization: Bearer <access token>' with CONNECT";
        }
        return "Not allowed: " + command;
    }

    private static boolean isConnect(StompCommand command) {
        return StompCommand.CONNECT.equals(command) || StompCommand.STOMP.equals(command);
    }
}
