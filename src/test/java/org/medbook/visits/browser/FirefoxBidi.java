package org.medbook.visits.browser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Debian's headless Firefox ESR, driven through the WebDriver BiDi protocol that Firefox serves itself
 * (no geckodriver: Debian does not package one): the browser is started with {@code --remote-debugging-port},
 * and this client opens a BiDi-only session on its {@code /session} WebSocket. One page (the first top-level
 * browsing context), with a fake camera and microphone that the page may use without asking. Closing ends the
 * session, stops the browser and deletes its throwaway profile.
 */
final class FirefoxBidi implements AutoCloseable {

    static final Path FIREFOX = Path.of(System.getenv().getOrDefault("MEDBOOK_FIREFOX", "/usr/bin/firefox-esr"));

    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration COMMAND = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("WebDriver BiDi listening on (ws://\\S+)");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Preferences of the throwaway profile (the remote agent adds its own recommended ones for automation:
     * no updates, no telemetry, no first-run pages). Fake devices that need no consent; ICE over loopback,
     * since the TURN service runs on 127.0.0.1 (without it the relay-only connection fails); media that may play without a gesture, as the remote video starts once admitted.
     */
    private static final Map<String, Object> PREFERENCES = Map.of(
            "media.navigator.streams.fake", true,
            "media.navigator.permission.disabled", true,
            "media.peerconnection.ice.loopback", true,
            "media.autoplay.default", 0);

    private final Process process;
    private final Path profile;
    private final StringBuffer log;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private WebSocket socket;
    private String context;

    private FirefoxBidi(Process process, Path profile, StringBuffer log) {
        this.process = process;
        this.profile = profile;
        this.log = log;
    }

    /**
     * Starts Firefox and opens the session; without Firefox the test is skipped, or fails where browsers are
     * required (as CI requires them), like the Chromium tests.
     */
    static FirefoxBidi start() throws IOException, InterruptedException {
        Browsers.requireFirefox(FIREFOX);
        Path profile = Files.createTempDirectory("medbook-firefox");
        StringBuilder prefs = new StringBuilder();
        PREFERENCES.forEach((name, value) -> prefs.append("user_pref(\"").append(name).append("\", ")
                .append(value).append(");\n"));
        Files.writeString(profile.resolve("user.js"), prefs);
        Process process = new ProcessBuilder(List.of(FIREFOX.toString(), "--headless", "--no-remote",
                "--profile", profile.toString(), "--remote-debugging-port=0", "about:blank"))
                .redirectErrorStream(true).start();
        FirefoxBidi firefox = new FirefoxBidi(process, profile, new StringBuffer());
        try {
            firefox.open(firefox.listeningUrl());
        } catch (InterruptedException | RuntimeException e) {
            firefox.close();
            throw e;
        }
        return firefox;
    }

    /** Reads Firefox's output until it names its WebSocket, then keeps draining it (for failure messages). */
    private String listeningUrl() throws InterruptedException {
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    log.append(line).append('\n');
                    Matcher listening = LISTENING.matcher(line);
                    if (listening.find()) {
                        url.complete(listening.group(1));
                    }
                }
            } catch (IOException ended) {
                // the browser stopped
            }
            url.completeExceptionally(new IllegalStateException("Firefox ended without opening WebDriver BiDi"));
        });
        try {
            return url.get(STARTUP.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Firefox did not open WebDriver BiDi within " + STARTUP + ": "
                    + e.getMessage() + "\nFirefox said:\n" + log, e);
        }
    }

    private void open(String url) throws InterruptedException {
        socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(url + "/session"), new Replies()).join();
        send("session.new", JSON.createObjectNode().set("capabilities", JSON.createObjectNode()));
        JsonNode tree = send("browsingContext.getTree", JSON.createObjectNode().put("maxDepth", 0));
        context = tree.path("contexts").path(0).path("context").asString();
        if (context.isEmpty()) {
            throw new IllegalStateException("Firefox has no page: " + tree);
        }
    }

    /** Opens the URL in the page and waits until it has loaded. */
    void navigate(String url) {
        send("browsingContext.navigate", JSON.createObjectNode().put("context", context).put("url", url)
                .put("wait", "complete"));
    }

    /**
     * Calls a JavaScript function in the page with string arguments, waits for the promise it may return, and
     * answers its result as JSON (missing when the result is undefined).
     */
    JsonNode call(String function, String... arguments) {
        ObjectNode params = JSON.createObjectNode();
        params.put("functionDeclaration", "async function (...args) { return JSON.stringify(await (" + function
                + ").apply(this, args)); }");
        ArrayNode values = params.putArray("arguments");
        for (String argument : arguments) {
            values.addObject().put("type", "string").put("value", argument);
        }
        params.put("awaitPromise", true).put("resultOwnership", "none");
        params.putObject("target").put("context", context);
        JsonNode outcome = send("script.callFunction", params);
        if (!"success".equals(outcome.path("type").asString())) {
            throw new IllegalStateException("The script failed in Firefox: " + outcome.path("exceptionDetails"));
        }
        JsonNode result = outcome.path("result");
        return "string".equals(result.path("type").asString()) ? JSON.readTree(result.path("value").asString())
                : MissingNode.getInstance();
    }

    /** Sends one command and waits for its result; an error answer fails with Firefox's own message. */
    private JsonNode send(String method, ObjectNode params) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
        command.set("params", params);
        socket.sendText(JSON.writeValueAsString(command), true).join();
        JsonNode answer;
        try {
            answer = reply.get(COMMAND.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted waiting for " + method, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("No answer from Firefox to " + method + ": " + e, e);
        } finally {
            pending.remove(id);
        }
        if ("error".equals(answer.path("type").asString())) {
            throw new IllegalStateException("Firefox refused " + method + ": " + answer.path("error").asString()
                    + ": " + answer.path("message").asString());
        }
        return answer.path("result");
    }

    /** Matches answers to the commands waiting for them; events are not subscribed to, so none arrive. */
    private final class Replies implements WebSocket.Listener {

        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                JsonNode message = JSON.readTree(text.toString());
                text.setLength(0);
                CompletableFuture<JsonNode> waiting = message.has("id") ? pending.get(message.path("id").asLong()) : null;
                if (waiting != null) {
                    waiting.complete(message);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            pending.values().forEach(waiting -> waiting.completeExceptionally(error));
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            pending.values().forEach(waiting -> waiting.completeExceptionally(
                    new IllegalStateException("Firefox closed the session: " + statusCode + " " + reason)));
            return null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            if (socket != null && process.isAlive()) {
                send("session.end", JSON.createObjectNode());
            }
        } catch (RuntimeException alreadyGone) {
            // the browser is stopped below either way
        } finally {
            if (socket != null) {
                socket.abort();
            }
            stop();
        }
    }

    private void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
