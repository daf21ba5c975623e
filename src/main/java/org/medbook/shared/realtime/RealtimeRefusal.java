package org.medbook.shared.realtime;

import org.springframework.messaging.MessagingException;

/**
 * A frame the server refuses, with a reason that is safe to show the client: it becomes the
 * {@code message} header of the STOMP ERROR frame (see {@link StompErrors}).
 */
class RealtimeRefusal extends MessagingException {

    RealtimeRefusal(String reason) {
        super(reason);
    }
}
