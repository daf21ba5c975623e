package org.medbook.shared.realtime;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * A STOMP client over a real WebSocket, as an app or a browser library would open one: it records
 * the frames it gets, so tests can wait for a message, a receipt or an ERROR.
 */
public final class StompTestClient {

    public static final Duration WAIT = Duration.ofSeconds(15);

    /** The largest frame these clients take from the server. */
    private static final int LARGEST_FRAME = 256 * 1024;

    private static final WebSocketStompClient CLIENT = newClient();

    private StompTestClient() {
    }

    private static WebSocketStompClient newClient() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(2);
        scheduler.setDaemon(true);
        scheduler.setThreadNamePrefix("stomp-test-");
        scheduler.initialize();
        // as a browser does, take a large frame whole (the container's own default is a few KB)
        WebSocketContainer container = ContainerProvider.getWebSocketContainer();
        container.setDefaultMaxTextMessageBufferSize(LARGEST_FRAME);
        container.setDefaultMaxBinaryMessageBufferSize(LARGEST_FRAME);
        WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient(container));
        client.setInboundMessageSizeLimit(LARGEST_FRAME);
        client.setMessageConverter(new Utf8Text());
        client.setTaskScheduler(scheduler);
        client.setDefaultHeartbeat(new long[] {0, 0});
        return client;
    }

    /** Connects with {@code Authorization: Bearer <token>} (none when null); Origin only when given. */
    public static Attempt attempt(int port, String token, String origin) {
        WebSocketHttpHeaders handshake = new WebSocketHttpHeaders();
        if (origin != null) {
            handshake.add("Origin", origin);
        }
        StompHeaders connect = new StompHeaders();
        if (token != null) {
            connect.add("Authorization", "Bearer " + token);
        }
        return attemptWith(port, handshake, connect);
    }

    public static Attempt attemptWith(int port, WebSocketHttpHeaders handshake, StompHeaders connect) {
        Frames frames = new Frames();
        CompletableFuture<StompSession> session = CLIENT.connectAsync("ws://127.0.0.1:" + port + "/ws", handshake, connect, frames);
        return new Attempt(session, frames);
    }

    public static Connection connect(int port, String token) {
        return attempt(port, token, null).connected();
    }

    /** The outcome of a connection attempt. */
    public record Attempt(CompletableFuture<StompSession> session, Frames frames) {

        public Connection connected() {
            try {
                return new Connection(session.get(WAIT.toSeconds(), TimeUnit.SECONDS), frames);
            } catch (ExecutionException e) {
                throw new AssertionError("STOMP connection failed; ERROR frames: " + frames.errors, e.getCause());
            } catch (InterruptedException | TimeoutException e) {
                throw new AssertionError("STOMP connection did not complete", e);
            }
        }

        /** The failure of an attempt that must not succeed (a refused handshake or CONNECT). */
        public Throwable failure() {
            try {
                StompSession unexpected = session.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                unexpected.disconnect();
                throw new AssertionError("The STOMP connection was accepted");
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (InterruptedException | TimeoutException e) {
                throw new AssertionError("STOMP connection attempt did not end", e);
            }
        }

        /** The ERROR frame's message of a CONNECT the server refused. */
        public String refusal() {
            failure();
            return frames.nextError();
        }
    }

    /** An open STOMP session and what arrived on it. */
    public record Connection(StompSession session, Frames frames) implements AutoCloseable {

        /** Subscribes and waits for the broker's receipt: from then on nothing sent to it is missed. */
        public void subscribe(String destination) {
            CompletableFuture<Void> receipt = new CompletableFuture<>();
            StompHeaders headers = subscribeHeaders(destination);
            StompSession.Subscription subscription = session.subscribe(headers, frames.on(destination));
            subscription.addReceiptTask(() -> receipt.complete(null));
            subscription.addReceiptLostTask(() -> receipt.completeExceptionally(new AssertionError("no receipt")));
            try {
                receipt.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException | InterruptedException | TimeoutException e) {
                throw new AssertionError("SUBSCRIBE " + destination + " was not confirmed; ERROR frames: " + frames.errors, e);
            }
        }

        /** Subscribes to a destination the server must refuse; returns the ERROR frame's message. */
        public String subscribeRefused(String destination) {
            frames.refused = true;
            session.subscribe(subscribeHeaders(destination), frames.on(destination));
            return frames.nextError();
        }

        /** Sends a frame the server must refuse; returns the ERROR frame's message. */
        public String sendRefused(String destination, String body) {
            frames.refused = true;
            send(destination, body);
            return frames.nextError();
        }

        public void send(String destination, String body) {
            StompHeaders headers = new StompHeaders();
            headers.setDestination(destination);
            headers.setContentType(org.springframework.util.MimeTypeUtils.TEXT_PLAIN);
            session.send(headers, body);
        }

        /** The next message on the destination within {@code wait}, or null when none came. */
        public Received poll(String destination, Duration wait) {
            try {
                return frames.on(destination).messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        /** The next message on the destination, waiting for it. */
        public Received next(String destination) {
            return frames.next(destination);
        }

        private StompHeaders subscribeHeaders(String destination) {
            StompHeaders headers = new StompHeaders();
            headers.setDestination(destination);
            headers.setReceipt("subscribe-" + destination);
            return headers;
        }

        @Override
        public void close() {
            if (frames.refused) {
                // after an ERROR frame the server closes the connection: a client that said more (a DISCONNECT)
                // while it is closing would only meet a session whose decoder is already gone
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (session.isConnected() && System.nanoTime() < deadline) {
                    java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
                }
            }
            try {
                session.disconnect();
            } catch (RuntimeException alreadyClosed) {
                // the server ended the session (after an ERROR frame) before the client said goodbye
            }
        }
    }

    /** Records ERROR frames, transport failures and the messages of each subscription. */
    public static final class Frames extends StompSessionHandlerAdapter {

        /** Whether the server was made to refuse a frame, after which it ends the connection itself. */
        volatile boolean refused;

        final BlockingQueue<String> errors = new LinkedBlockingQueue<>();
        private final Map<String, Destination> destinations = new ConcurrentHashMap<>();

        Destination on(String destination) {
            return destinations.computeIfAbsent(destination, d -> new Destination());
        }

        @Override
        public Type getPayloadType(StompHeaders headers) {
            return String.class;
        }

        @Override
        public void handleFrame(StompHeaders headers, Object payload) {
            // only ERROR frames reach the session handler
            errors.add(String.valueOf(headers.getFirst("message")));
        }

        String nextError() {
            try {
                String error = errors.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                if (error == null) {
                    throw new AssertionError("No STOMP ERROR frame arrived");
                }
                return error;
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        Received next(String destination) {
            try {
                Received received = on(destination).messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                if (received == null) {
                    throw new AssertionError("Nothing arrived on " + destination + "; ERROR frames: " + errors);
                }
                return received;
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** A MESSAGE frame: its headers and its body as text. */
    public record Received(StompHeaders headers, String body) {
    }

    static final class Destination implements StompFrameHandler {

        final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();

        @Override
        public Type getPayloadType(StompHeaders headers) {
            return String.class;
        }

        @Override
        public void handleFrame(StompHeaders headers, Object payload) {
            messages.add(new Received(headers, payload == null ? "" : (String) payload));
        }
    }

    /** Bodies as UTF-8 text whatever their content type, so tests see the JSON exactly as sent. */
    private static final class Utf8Text implements MessageConverter {

        @Override
        public Object fromMessage(Message<?> message, Class<?> targetClass) {
            return new String((byte[]) message.getPayload(), StandardCharsets.UTF_8);
        }

        @Override
        public Message<?> toMessage(Object payload, MessageHeaders headers) {
            return MessageBuilder.createMessage(payload.toString().getBytes(StandardCharsets.UTF_8), headers);
        }
    }
}
