package org.medbook.chat.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.medbook.shared.MedbookException;
import org.medbook.shared.realtime.ProblemReceipts;
import org.medbook.shared.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/**
 * How a chat frame is answered. A handled frame that asked for a {@code receipt} gets its RECEIPT.
 * A refused one keeps its connection (a STOMP ERROR frame would end it: the protocol closes the
 * socket after one) and learns why twice: a RECEIPT for its {@code receipt} header that carries the
 * problem in its {@code problem-type}, {@code problem-status} and {@code message} headers, and the
 * RFC 9457 problem as JSON on {@code /user/queue/errors} of the sending session only.
 */
@Component
class StompRefusals {

    static final String ERRORS = "/queue/errors";

    private static final Logger log = LoggerFactory.getLogger(StompRefusals.class);
    private static final byte[] EMPTY = new byte[0];

    private final MessageChannel clientOutbound;
    private final SimpMessageSendingOperations messaging;

    StompRefusals(@Lazy @Qualifier("clientOutboundChannel") MessageChannel clientOutbound,
            @Lazy SimpMessageSendingOperations messaging) {
        this.clientOutbound = clientOutbound;
        this.messaging = messaging;
    }

    static UUID conversationId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw MedbookException.notFound("Conversation");
        }
    }

    void confirm(StompHeaderAccessor frame, String header, String value) {
        if (frame.getReceipt() == null) {
            return;
        }
        StompHeaderAccessor receipt = receiptFor(frame);
        if (header != null) {
            receipt.setNativeHeader(header, value);
        }
        clientOutbound.send(MessageBuilder.createMessage(EMPTY, receipt.getMessageHeaders()));
    }

    void refuse(StompHeaderAccessor frame, Throwable failure) {
        Map<String, Object> problem = problem(failure, frame.getDestination());
        if (frame.getReceipt() != null) {
            clientOutbound.send(ProblemReceipts.of(frame, problem));
            problem.put("receiptId", frame.getReceipt());
        }
        if (frame.getUser() != null && frame.getSessionId() != null) {
            SimpMessageHeaderAccessor session = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
            session.setSessionId(frame.getSessionId());
            session.setLeaveMutable(true);
            messaging.convertAndSendToUser(frame.getUser().getName(), ERRORS, problem, session.getMessageHeaders());
        }
    }

    private static StompHeaderAccessor receiptFor(StompHeaderAccessor frame) {
        StompHeaderAccessor receipt = StompHeaderAccessor.create(StompCommand.RECEIPT);
        receipt.setReceiptId(frame.getReceipt());
        receipt.setSessionId(frame.getSessionId());
        return receipt;
    }

    static Map<String, Object> problem(Throwable failure, String destination) {
        int status;
        String slug;
        String detail;
        Map<String, Object> extra = new LinkedHashMap<>();
        Throwable cause = unwrap(failure);
        if (cause instanceof MedbookException refused) {
            status = refused.kind().status();
            slug = refused.slug();
            detail = refused.getMessage();
            extra.putAll(refused.properties());
            if (refused.retryAfter() != null) {
                extra.put("retryAfterSeconds", Math.max(1, (refused.retryAfter().toMillis() + 999) / 1000));
            }
        } else if (cause instanceof MessageConversionException || cause instanceof MethodArgumentNotValidException) {
            status = 400;
            slug = "invalid-frame";
            detail = "The frame's body is not the JSON this destination takes";
        } else if (databaseUnavailable(failure)) {
            log.warn("Database unavailable for a STOMP frame to {}: {}", destination, failure.getMessage());
            status = 503;
            slug = "service-unavailable";
            detail = "The database cannot be reached right now; please try again shortly";
        } else {
            log.error("Unhandled error in a STOMP frame to {}", destination, failure);
            status = 500;
            slug = "internal-error";
            detail = "Something went wrong on our side";
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", Problems.type(slug).toString());
        problem.put("title", Problems.titleOf(slug));
        problem.put("status", status);
        problem.put("detail", detail);
        if (destination != null) {
            problem.put("destination", destination);
        }
        problem.putAll(extra);
        return problem;
    }

    private static boolean databaseUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.springframework.transaction.CannotCreateTransactionException
                    || t instanceof org.springframework.dao.DataAccessResourceFailureException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable unwrap(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MedbookException) {
                return t;
            }
        }
        return failure;
    }
}
