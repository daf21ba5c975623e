package org.medbook.shared.realtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medbook.MedbookApplication;
import org.medbook.support.Api;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.Lifecycle;
import org.springframework.messaging.simp.broker.AbstractBrokerMessageHandler;
import org.springframework.messaging.simp.user.SimpUserRegistry;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several nodes behind a load balancer: each relays STOMP through RabbitMQ, so a message sent on
 * node A reaches a socket held by node B. Two more nodes of the application run here beside the
 * shared test context, on the same database; RabbitMQ with its STOMP plugin must be running
 * ({@code .ci/run} makes sure of it). Node A runs without notification workers
 * ({@code medbook.notifications.workers=false}), as a node that only takes requests does: what is
 * caused there is fanned out and pushed by node B.
 */
class TwoNodeRealtimeTests extends RealtimeTest {

    private static final String RABBIT_HOST = System.getenv().getOrDefault("MEDBOOK_RABBITMQ_HOST", "127.0.0.1");
    private static final int RABBIT_STOMP_PORT = Integer.parseInt(System.getenv().getOrDefault("MEDBOOK_RABBITMQ_STOMP_PORT", "61613"));
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ConfigurableApplicationContext nodeA;
    private static ConfigurableApplicationContext nodeB;

    @Autowired
    private ApplicationContext sharedContext;

    @BeforeAll
    static void startTwoNodesOnRabbitMq() {
        requireRabbitMqStomp();
        nodeA = startNode(false);
        nodeB = startNode(true);
        for (ConfigurableApplicationContext node : List.of(nodeA, nodeB)) {
            AbstractBrokerMessageHandler relay = node.getBean("stompBrokerRelayMessageHandler", AbstractBrokerMessageHandler.class);
            await("the STOMP relay of the node on port " + port(node) + " connected to RabbitMQ")
                    .atMost(Duration.ofSeconds(20)).until(relay::isBrokerAvailable);
        }
    }

    @AfterAll
    static void stopNodes() {
        if (nodeA != null) {
            nodeA.close();
        }
        if (nodeB != null) {
            nodeB.close();
        }
    }

    /**
     * The shared test context uses the in-memory broker; were its notification worker to fan out a
     * notification caused on node A, it would push into its own memory. Only node B fans out.
     */
    @BeforeEach
    void onlyTheRelayingNodesFanOut() {
        sharedContext.getBean("notificationWorkers", Lifecycle.class).stop();
    }

    @AfterEach
    void sharedWorkersBack() {
        sharedContext.getBean("notificationWorkers", Lifecycle.class).start();
    }

    @Test
    void aMessageSentOnNodeAReachesASocketHeldByNodeB() {
        Person patient = newPatient();
        try (StompTestClient.Connection onB = StompTestClient.connect(port(nodeB), patient.token())) {
            onB.subscribe(NOTIFICATIONS);

            nodeA.getBean(UserMessages.class).send(patient.id(), "notifications", Map.of("title", "from node A"));

            StompTestClient.Received received = onB.next(NOTIFICATIONS);
            assertThat(received.body()).contains("from node A");
            assertThat(received.headers().getDestination()).isEqualTo(NOTIFICATIONS);
        }
    }

    @Test
    void everySessionOfAUserOnEitherNodeReceivesIt() {
        Person patient = newPatient();
        try (StompTestClient.Connection onA = StompTestClient.connect(port(nodeA), patient.token());
             StompTestClient.Connection onB = StompTestClient.connect(port(nodeB), patient.token())) {
            onA.subscribe(NOTIFICATIONS);
            onB.subscribe(NOTIFICATIONS);
            // A node that holds one of the user's sockets resolves the user by its registry, which learns
            // of sockets on other nodes from their periodic registry broadcast (every 10 s)
            SimpUserRegistry registryOnA = nodeA.getBean(SimpUserRegistry.class);
            await("node A learns of the user's socket on node B").atMost(Duration.ofSeconds(25))
                    .until(() -> registryOnA.getUser(patient.id().toString()) != null
                            && registryOnA.getUser(patient.id().toString()).getSessions().size() == 2);

            nodeA.getBean(UserMessages.class).send(patient.id(), "notifications", Map.of("title", "everywhere"));

            assertThat(onA.next(NOTIFICATIONS).body()).contains("everywhere");
            assertThat(onB.next(NOTIFICATIONS).body()).contains("everywhere");
        }
    }

    /** Node A has no notification workers: the event it stores is fanned out by node B. */
    @Test
    void aNotificationCausedOnNodeAArrivesOnNodeB() {
        Person doctor = newDoctor();
        try (StompTestClient.Connection onB = StompTestClient.connect(port(nodeB), doctor.token())) {
            onB.subscribe(NOTIFICATIONS);

            Api.Response verified = new Api(port(nodeA), newClientIp()).post("/api/v1/admin/doctors/" + doctor.id()
                    + "/verification", Map.of("decision", "VERIFIED"), adminToken());
            assertThat(verified.status()).as(verified.toString()).isEqualTo(200);

            JsonNode pushed = JSON.readTree(onB.next(NOTIFICATIONS).body());
            assertThat(pushed.path("kind").asString()).isEqualTo("DOCTOR_VERIFIED");
            assertThat(pushed.path("title").asString()).isEqualTo("Your profile is verified");
        }
    }

    @Test
    void refusalsStillSayWhyBehindTheRelay() {
        try (StompTestClient.Connection onB = StompTestClient.connect(port(nodeB), newPatient().token())) {
            assertThat(onB.subscribeRefused("/queue/notifications")).startsWith("Not allowed to subscribe to /queue/notifications");
        }
        assertThat(StompTestClient.attempt(port(nodeB), "not-a-token", null).refusal()).isEqualTo("The access token is not valid");
    }

    private static ConfigurableApplicationContext startNode(boolean notificationWorkers) {
        List<String> args = new ArrayList<>();
        localServices((name, value) -> args.add("--" + name + "=" + value.get()));
        args.add("--server.port=0");
        args.add("--medbook.notifications.workers=" + notificationWorkers);
        args.add("--spring.main.banner-mode=off");
        args.add("--medbook.realtime.broker=rabbitmq");
        args.add("--medbook.realtime.rabbitmq.host=" + RABBIT_HOST);
        args.add("--medbook.realtime.rabbitmq.stomp-port=" + RABBIT_STOMP_PORT);
        return new SpringApplicationBuilder(MedbookApplication.class).profiles("test").run(args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext node) {
        return Integer.parseInt(node.getEnvironment().getRequiredProperty("local.server.port"));
    }

    private static void requireRabbitMqStomp() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(RABBIT_HOST, RABBIT_STOMP_PORT), 2_000);
        } catch (IOException e) {
            throw new AssertionError("RabbitMQ's STOMP plugin is not reachable at " + RABBIT_HOST + ":" + RABBIT_STOMP_PORT
                    + " (" + e.getMessage() + "). Start RabbitMQ and run 'rabbitmq-plugins enable rabbitmq_stomp'; "
                    + ".ci/run does both. MEDBOOK_RABBITMQ_HOST / MEDBOOK_RABBITMQ_STOMP_PORT point elsewhere.", e);
        }
    }
}
