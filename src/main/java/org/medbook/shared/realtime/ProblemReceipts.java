package org.medbook.shared.realtime;

import java.util.Map;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;

/**
 * How a refused frame's {@code receipt} is answered without closing the socket (a STOMP ERROR frame
 * would): a RECEIPT carrying the problem in its {@code problem-type}, {@code problem-status} and
 * {@code message} headers. Chat's refusals and the inbound queue's both answer this way.
 */
public final class ProblemReceipts {

    private static final byte[] EMPTY = new byte[0];

    private ProblemReceipts() {
    }

    /** The RECEIPT of {@code frame}'s {@code receipt} header carrying {@code problem} (its type, status and detail). */
    public static Message<byte[]> of(StompHeaderAccessor frame, Map<String, Object> problem) {
        StompHeaderAccessor receipt = StompHeaderAccessor.create(StompCommand.RECEIPT);
        receipt.setReceiptId(frame.getReceipt());
        receipt.setSessionId(frame.getSessionId());
        receipt.setNativeHeader("problem-type", problem.get("type").toString());
        receipt.setNativeHeader("problem-status", problem.get("status").toString());
        receipt.setMessage(problem.get("detail").toString());
        return MessageBuilder.createMessage(EMPTY, receipt.getMessageHeaders());
    }
}
