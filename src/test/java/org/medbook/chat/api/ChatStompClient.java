package org.medbook.chat.api;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

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
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A STOMP client over a real WebSocket, as the app opens one: JSON frames, receipts with their headers. */
final class ChatStompClient implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** The largest frame these clients take from the server. */
    private static final int LARGEST_FRAME = 256 * 1024;

    private static final WebSocketStompClient CLIENT = newClient();

    final StompSession session;
    final BlockingQueue<String> errors = new LinkedBlockingQueue<>();
    private final Map<String, BlockingQueue<JsonNode>> inbox = new ConcurrentHashMap<>();

    private ChatStompClient(StompSession session, Handler handler) {
        this.session = session;
        handler.errors = errors;
    }

    private static WebSocketStompClient newClient() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(2);
        scheduler.setDaemon(true);
        scheduler.setThreadNamePrefix("chat-stomp-test-");
        scheduler.initialize();
        // as a browser does, take a large frame whole (the container's own default is a few KB)
        WebSocketContainer container = ContainerProvider.getWebSocketContainer();
        container.setDefaultMaxTextMessageBufferSize(LARGEST_FRAME);
        container.setDefaultMaxBinaryMessageBufferSize(LARGEST_FRAME);
        WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient(container));
        client.setInboundMessageSizeLimit(LARGEST_FRAME);
        client.setMessageConverter(new JsonText());
        client.setTaskScheduler(scheduler);
        client.setDefaultHeartbeat(new long[] {0, 0});
        // the session drops a receipt it waited for longer than this (15 s by default), so a slow
        // RECEIPT would otherwise be lost while the test still waits for it
        client.setReceiptTimeLimit(WAIT.toMillis());
        return client;
    }

    static ChatStompClient connect(int port, String token) {
        return connect(port, token, new WebSocketHttpHeaders());
    }

    /** Connects as a client behind a trusted proxy that names the client's address. */
    static ChatStompClient connectFrom(int port, String token, String clientIp) {
        WebSocketHttpHeaders handshake = new WebSocketHttpHeaders();
        handshake.add("X-Forwarded-For", clientIp);
        return connect(port, token, handshake);
    }

    private static ChatStompClient connect(int port, String token, WebSocketHttpHeaders handshake) {
        StompHeaders connect = new StompHeaders();
        connect.add("Authorization", "Bearer " + token);
        Handler handler = new Handler();
        try {
            StompSession session = CLIENT.connectAsync("ws://127.0.0.1:" + port + "/ws", handshake,
                    connect, handler).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return new ChatStompClient(session, handler);
        } catch (Exception e) {
            throw new AssertionError("STOMP connection failed; errors: " + handler.errors, e);
        }
    }

    /** Subscribes and waits for the receipt: nothing sent afterwards can be missed. */
    ChatStompClient subscribe(String destination) {
        BlockingQueue<JsonNode> queue = inbox.computeIfAbsent(destination, d -> new LinkedBlockingQueue<>());
        StompHeaders headers = new StompHeaders();
        headers.setDestination(destination);
        headers.setReceipt("subscribe-" + destination);
        CompletableFuture<Void> receipt = new CompletableFuture<>();
        StompSession.Subscription subscription = session.subscribe(headers, new StompFrameHandler() {
            @Override
            public Type getPayloadType(StompHeaders frame) {
                return String.class;
            }

            @Override
            public void handleFrame(StompHeaders frame, Object payload) {
                queue.add(JSON.readTree((String) payload));
            }
        });
        subscription.addReceiptTask(() -> receipt.complete(null));
        subscription.addReceiptLostTask(() -> receipt.completeExceptionally(new AssertionError("no RECEIPT within "
                + WAIT.toSeconds() + " s; connected: " + session.isConnected() + "; errors: " + errors)));
        await(receipt, "SUBSCRIBE " + destination);
        return this;
    }

    /** Sends JSON without asking for a receipt. */
    void send(String destination, Object body) {
        StompHeaders headers = new StompHeaders();
        headers.setDestination(destination);
        headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
        session.send(headers, JSON.writeValueAsString(body));
    }

    /** Sends JSON asking for a receipt; returns the RECEIPT frame's headers. */
    StompHeaders sendForReceipt(String destination, Object body) {
        return sendJsonForReceipt(destination, JSON.writeValueAsString(body));
    }

    /** Sends JSON text exactly as given, asking for a receipt; returns the RECEIPT frame's headers. */
    StompHeaders sendJsonForReceipt(String destination, String json) {
        StompHeaders headers = new StompHeaders();
        headers.setDestination(destination);
        headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
        headers.setReceipt("r-" + java.util.UUID.randomUUID());
        CompletableFuture<StompHeaders> receipt = new CompletableFuture<>();
        StompSession.Receiptable sent = session.send(headers, json);
        sent.addReceiptTask(receipt::complete);
        sent.addReceiptLostTask(() -> receipt.completeExceptionally(new AssertionError("no RECEIPT for "
                + headers.getReceipt() + " within " + WAIT.toSeconds() + " s; connected: " + session.isConnected()
                + "; errors: " + errors)));
        return await(receipt, "SEND " + destination);
    }

    /** Sends JSON text exactly as given, without asking for a receipt. */
    void sendJson(String destination, String json) {
        StompHeaders headers = new StompHeaders();
        headers.setDestination(destination);
        headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
        session.send(headers, json);
    }

    JsonNode next(String destination) {
        try {
            JsonNode node = inbox.computeIfAbsent(destination, d -> new LinkedBlockingQueue<>())
                    .poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            if (node == null) {
                throw new AssertionError("Nothing arrived on " + destination + "; errors: " + errors);
            }
            return node;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The next message if one arrives within the time, else null. */
    JsonNode poll(String destination, Duration within) {
        try {
            return inbox.computeIfAbsent(destination, d -> new LinkedBlockingQueue<>())
                    .poll(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
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

    boolean connected() {
        return session.isConnected();
    }

    private static <T> T await(CompletableFuture<T> future, String what) {
        try {
            // a little past the session's own receipt limit, so a lost receipt says so
            return future.get(WAIT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError(what + " was not confirmed: " + e.getCause().getMessage(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError(what + " was not confirmed", e);
        }
    }

    @Override
    public void close() {
        try {
            session.disconnect();
        } catch (RuntimeException alreadyClosed) {
            // the server ended the session first
        }
    }

    private static final class Handler extends StompSessionHandlerAdapter {

        volatile BlockingQueue<String> errors = new LinkedBlockingQueue<>();

        @Override
        public Type getPayloadType(StompHeaders headers) {
            return String.class;
        }

        @Override
        public void handleFrame(StompHeaders headers, Object payload) {
            errors.add(String.valueOf(headers.getFirst("message")));
        }

        @Override
        public void handleTransportError(StompSession session, Throwable exception) {
            errors.add("transport: " + exception);
        }
    }

    private static final class JsonText implements MessageConverter {

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
