package org.medbook.shared.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.MedbookApplication;
import org.medbook.support.TestDatabase;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL goes away and comes back. The shared test server cannot be stopped, so this test starts
 * its own application whose only road to the database is a TCP proxy it controls: cutting the proxy
 * breaks every pooled connection and refuses new ones, exactly what the pool sees when the server
 * dies or the network drops.
 */
class DatabaseOutageTests {

    /** The whole budget of a request during an outage; the pool's own wait is 2 s by default. */
    private static final Duration FAIL_FAST = Duration.ofSeconds(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void anOutageAnswers503QuicklyTakesTheNodeOutOfReadinessAndHealsByItself() throws Exception {
        URI server = URI.create(TestDatabase.URL.substring("jdbc:".length()));
        try (CuttableProxy proxy = new CuttableProxy(new InetSocketAddress(server.getHost(), server.getPort()));
             ConfigurableApplicationContext app = new SpringApplicationBuilder(MedbookApplication.class)
                     .profiles("test")
                     // as arguments, so they win over application.yml (builder properties are mere defaults)
                     .run("--spring.main.banner-mode=off", "--server.port=0", "--spring.jmx.enabled=false",
                             "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + TestDatabase.NAME,
                             "--spring.datasource.username=" + TestDatabase.USER,
                             "--spring.datasource.password=" + TestDatabase.PASSWORD,
                             "--medbook.notifications.enabled=false")) {
            assertThat(app.getEnvironment().getProperty("spring.datasource.url")).contains(":" + proxy.port() + "/");
            String base = "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort();
            String doctor = "/api/v1/doctors/" + UUID.randomUUID();
            assertThat(get(base, "/api/v1/specialties").statusCode()).isEqualTo(200);
            assertThat(get(base, doctor).statusCode()).isEqualTo(404);
            assertThat(status(get(base, "/actuator/health/readiness"))).isEqualTo("UP");

            proxy.cut();

            for (String path : new String[] {"/api/v1/specialties", doctor, "/api/v1/specialties"}) {
                long started = System.nanoTime();
                HttpResponse<String> response = get(base, path);
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                assertThat(took).as(path + " answered in").isLessThan(FAIL_FAST);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
                assertThat(JSON.readTree(response.body()).path("type").asString()).endsWith("/database-unavailable");
                assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(
                        seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
            }
            HttpResponse<String> readiness = get(base, "/actuator/health/readiness");
            HttpResponse<String> liveness = get(base, "/actuator/health/liveness");
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(status(readiness)).isEqualTo("DOWN");
            assertThat(liveness.statusCode()).isEqualTo(200);
            assertThat(status(liveness)).isEqualTo("UP");

            proxy.restore();

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> get(base, "/api/v1/specialties").statusCode() == 200);
            assertThat(get(base, doctor).statusCode()).isEqualTo(404);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> "UP".equals(status(get(base, "/actuator/health/readiness"))));
        }
    }

    private static HttpResponse<String> get(String base, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(FAIL_FAST).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String status(HttpResponse<String> health) {
        JsonNode body = JSON.readTree(health.body());
        return body.path("status").asString();
    }

    /**
     * Forwards TCP connections to PostgreSQL until cut. A cut resets every open connection and resets
     * each new one as soon as it arrives, until restored.
     */
    static final class CuttableProxy implements AutoCloseable {

        private final InetSocketAddress target;
        private final ServerSocket listener;
        private final Set<Socket> open = new HashSet<>();
        private boolean cut;

        CuttableProxy(InetSocketAddress target) throws IOException {
            this.target = target;
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofPlatform().daemon().name("database-proxy").start(this::accept);
        }

        int port() {
            return listener.getLocalPort();
        }

        synchronized void cut() {
            cut = true;
            open.forEach(CuttableProxy::reset);
            open.clear();
        }

        synchronized void restore() {
            cut = false;
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    Socket upstream = null;
                    synchronized (this) {
                        if (!cut) {
                            upstream = new Socket();
                            upstream.connect(target, 2000);
                            open.add(client);
                            open.add(upstream);
                        }
                    }
                    if (upstream == null) {
                        reset(client);
                        continue;
                    }
                    pump(client, upstream);
                    pump(upstream, client);
                } catch (IOException e) {
                    // listener closed, or PostgreSQL refused: the next accept decides
                }
            }
        }

        private void pump(Socket from, Socket to) {
            Thread.ofVirtual().start(() -> {
                byte[] buffer = new byte[16 * 1024];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                } catch (IOException e) {
                    // one side went away; closing both ends below tells the other
                } finally {
                    reset(from);
                    reset(to);
                }
            });
        }

        private static void reset(Socket socket) {
            try {
                socket.setSoLinger(true, 0);
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            cut();
        }
    }
}
