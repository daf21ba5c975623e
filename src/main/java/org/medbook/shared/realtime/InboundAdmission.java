package org.medbook.shared.realtime;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.medbook.shared.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.AbstractSubscribableChannel;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses a client's SEND before it is queued when the inbound channel's bounded queue has no room
 * for it (one place per handler of the channel), so under overload frames do not pile up in memory
 * and the wait of those already queued stays bounded. The client keeps its connection and learns
 * why as it does of a refused chat frame: a RECEIPT for its {@code receipt} header carrying
 * {@code problem-type}, {@code problem-status} (503) and {@code message}, and the RFC 9457 problem
 * {@code server-busy} with {@code retryAfterSeconds} on {@code /user/queue/errors} of its own
 * session. It is the server's load, not a fault: counted, never logged as an ERROR.
 * <p>
 * Only SEND is refused. CONNECT, SUBSCRIBE, UNSUBSCRIBE, DISCONNECT and heart-beats are cheap, and
 * a lost DISCONNECT would leak its session; when the queue is full they run on the socket's own
 * thread (the executor's caller-runs policy), which slows only that socket. Registered after the
 * authorization rules, so a frame they refuse keeps its ERROR, and before {@link ReceiveOrder}, so
 * a refused frame takes no ticket and the session's next frame does not wait for it.
 */
final class InboundAdmission implements ChannelInterceptor {

    static final String SLUG = "server-busy";
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    static final String ERRORS = Destinations.USER_PREFIX + Destinations.userQueue("errors");
    static final String DETAIL = "The server is too busy to take this frame; send it again in "
            + RETRY_AFTER.toSeconds() + " s";

    private static final Logger log = LoggerFactory.getLogger(InboundAdmission.class);

    private final ThreadPoolTaskExecutor executor;
    private final MessageChannel clientOutbound;
    private final LocalSubscriptions subscriptions;
    private final JsonMapper json;
    private final Counter refused;
    /** Set from the first refusal until the queue has drained to half: one warning per overload. */
    private final AtomicBoolean overloaded = new AtomicBoolean();

    InboundAdmission(ThreadPoolTaskExecutor executor, MessageChannel clientOutbound, LocalSubscriptions subscriptions,
            JsonMapper json, MeterRegistry meters) {
        this.executor = executor;
        this.clientOutbound = clientOutbound;
        this.subscriptions = subscriptions;
        this.json = json;
        this.refused = Counter.builder("medbook.realtime.inbound.refused")
                .description("STOMP SEND frames refused with 503 server-busy because the inbound queue was full")
                .register(meters);
    }

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        StompHeaderAccessor frame = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (frame == null || !StompCommand.SEND.equals(frame.getCommand())) {
            return message;
        }
        BlockingQueue<Runnable> queue = executor.getThreadPoolExecutor().getQueue();
        if (queue.remainingCapacity() >= handlers(channel)) {
            if (overloaded.get() && queue.size() <= queue.remainingCapacity() && overloaded.compareAndSet(true, false)) {
                log.info("The STOMP inbound queue has room again; SEND frames are accepted");
            }
            return message;
        }
        refused.increment();
        if (overloaded.compareAndSet(false, true)) {
            log.warn("The STOMP inbound queue is full ({} waiting for {} workers): SEND frames are refused with 503 {}",
                    queue.size(), executor.getMaxPoolSize(), SLUG);
        } else {
            log.debug("Refused a SEND to {} in session {}: the inbound queue is full", frame.getDestination(),
                    frame.getSessionId());
        }
        refuse(frame);
        return null;
    }

    /** Each frame is queued once for every handler of the channel. */
    private static int handlers(MessageChannel channel) {
        return channel instanceof AbstractSubscribableChannel subscribable
                ? Math.max(1, subscribable.getSubscribers().size()) : 1;
    }

    private void refuse(StompHeaderAccessor frame) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", Problems.type(SLUG).toString());
        problem.put("title", Problems.titleOf(SLUG));
        problem.put("status", 503);
        problem.put("detail", DETAIL);
        if (frame.getDestination() != null) {
            problem.put("destination", frame.getDestination());
        }
        problem.put("retryAfterSeconds", RETRY_AFTER.toSeconds());
        if (frame.getReceipt() != null) {
            clientOutbound.send(ProblemReceipts.of(frame, problem));
            problem.put("receiptId", frame.getReceipt());
        }
        if (frame.getSessionId() != null) {
            byte[] body = json.writeValueAsBytes(problem);
            subscriptions.sessionTargets(frame.getSessionId(), ERRORS).forEach(target -> target.write(ERRORS, body));
        }
    }
}
