package org.medbook.chat.api;

import java.security.Principal;
import java.util.List;
import java.util.UUID;

import org.medbook.chat.application.AcknowledgeCommand;
import org.medbook.chat.application.AcknowledgeHandler;
import org.medbook.chat.application.SendMessageCommand;
import org.medbook.chat.application.SendMessageHandler;
import org.medbook.chat.application.TypingHandler;
import org.medbook.chat.domain.ReceiptKind;
import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.MessageExceptionHandler;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.stereotype.Controller;

/**
 * The chat over STOMP: SEND to {@code /app/conversations/{id}/messages}, {@code .../read},
 * {@code .../delivered} or {@code .../typing}. A frame with a {@code receipt} header is answered
 * with a RECEIPT once handled; a refused frame gets its problem (see {@link StompRefusals}) and the
 * connection stays open.
 */
@Controller
class ChatStompController {

    private final SendMessageHandler send;
    private final AcknowledgeHandler acknowledge;
    private final TypingHandler typing;
    private final StompRefusals refusals;

    ChatStompController(SendMessageHandler send, AcknowledgeHandler acknowledge, TypingHandler typing,
            StompRefusals refusals) {
        this.send = send;
        this.acknowledge = acknowledge;
        this.typing = typing;
        this.refusals = refusals;
    }

    record SendFrame(String clientMessageId, String body, List<UUID> attachmentIds) {
    }

    record ReceiptFrame(Long upToSeq) {
    }

    @MessageMapping("/conversations/{id}/messages")
    void send(@DestinationVariable String id, @Payload SendFrame frame, Principal user, StompHeaderAccessor headers) {
        var stored = send.handle(SendMessageCommand.of(StompRefusals.conversationId(id), userId(user),
                frame.clientMessageId(), frame.body(), frame.attachmentIds()));
        refusals.confirm(headers, "seq", Long.toString(stored.seq()));
    }

    @MessageMapping("/conversations/{id}/read")
    void read(@DestinationVariable String id, @Payload ReceiptFrame frame, Principal user, StompHeaderAccessor headers) {
        acknowledge.handle(new AcknowledgeCommand(StompRefusals.conversationId(id), userId(user), ReceiptKind.READ,
                frame.upToSeq()));
        refusals.confirm(headers, null, null);
    }

    @MessageMapping("/conversations/{id}/delivered")
    void delivered(@DestinationVariable String id, @Payload ReceiptFrame frame, Principal user,
            StompHeaderAccessor headers) {
        acknowledge.handle(new AcknowledgeCommand(StompRefusals.conversationId(id), userId(user), ReceiptKind.DELIVERED,
                frame.upToSeq()));
        refusals.confirm(headers, null, null);
    }

    @MessageMapping("/conversations/{id}/typing")
    void typing(@DestinationVariable String id, Principal user, StompHeaderAccessor headers) {
        typing.handle(StompRefusals.conversationId(id), userId(user));
        refusals.confirm(headers, null, null);
    }

    @MessageExceptionHandler
    void refused(Throwable failure, StompHeaderAccessor headers) {
        refusals.refuse(headers, failure);
    }

    private static UUID userId(Principal user) {
        return UUID.fromString(user.getName());
    }
}
