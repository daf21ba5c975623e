package org.medbook.chat.api;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medbook.MedbookApplication;
import org.medbook.support.Api;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.simp.broker.AbstractBrokerMessageHandler;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes on one database behind the local RabbitMQ relay (beside the shared test context): a
 * message sent through node A reaches the other participant on node B in order and once, and seq
 * stays gap-free with senders on both nodes. RabbitMQ's STOMP plugin must run ({@code .ci/run}).
 */
class TwoNodeChatTests extends ChatTestSupport {

    private static final String RABBIT_HOST = System.getenv().getOrDefault("MEDBOOK_RABBITMQ_HOST", "127.0.0.1");
    private static final int RABBIT_STOMP_PORT = Integer.parseInt(System.getenv().getOrDefault("MEDBOOK_RABBITMQ_STOMP_PORT", "61613"));

    private static ConfigurableApplicationContext nodeA;
    private static ConfigurableApplicationContext nodeB;

    @BeforeAll
    static void startTwoNodesOnRabbitMq() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(RABBIT_HOST, RABBIT_STOMP_PORT), 2_000);
        } catch (IOException e) {
            throw new AssertionError("RabbitMQ's STOMP plugin is not reachable at " + RABBIT_HOST + ":" + RABBIT_STOMP_PORT
                    + "; start RabbitMQ and run 'rabbitmq-plugins enable rabbitmq_stomp' (.ci/run does both)", e);
        }
        nodeA = startNode();
        nodeB = startNode();
        for (ConfigurableApplicationContext node : List.of(nodeA, nodeB)) {
            AbstractBrokerMessageHandler relay = node.getBean("stompBrokerRelayMessageHandler", AbstractBrokerMessageHandler.class);
            await().atMost(Duration.ofSeconds(30)).until(relay::isBrokerAvailable);
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

    @Test
    void messagesSentThroughNodeAReachTheOtherParticipantOnNodeBInOrderOnce() {
        Pair pair = pair();
        try (ChatStompClient patientOnB = ChatStompClient.connect(port(nodeB), pair.patient().token()).subscribe(MESSAGES);
             ChatStompClient doctorOnA = ChatStompClient.connect(port(nodeA), pair.doctor().token()).subscribe(MESSAGES)) {
            for (int i = 1; i <= 20; i++) {
                doctorOnA.send(pair.app("messages"), message("a-" + i, "from node A " + i));
            }

            List<Long> seqs = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                JsonNode received = patientOnB.next(MESSAGES);
                assertThat(received.path("body").asString()).isEqualTo("from node A " + i);
                seqs.add(received.path("seq").asLong());
            }
            assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
            assertThat(patientOnB.poll(MESSAGES, Duration.ofSeconds(1))).as("each message once").isNull();
            assertThat(doctorOnA.next(MESSAGES).path("seq").asLong()).as("the sender's acknowledgement").isEqualTo(1);
        }
    }

    @Test
    void concurrentSendersOnBothNodesArePushedToEverySocketInSeqOrderOnce() throws Exception {
        Pair pair = pair();
        int each = 2;
        // each participant's sockets on one node: pushes cross between the nodes both ways, and the
        // cursor passes from node to node as senders on both race
        List<ChatStompClient> senders = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try (ChatStompClient patientReader = ChatStompClient.connect(port(nodeB), pair.patient().token()).subscribe(MESSAGES);
             ChatStompClient doctorReader = ChatStompClient.connect(port(nodeA), pair.doctor().token()).subscribe(MESSAGES)) {
            for (int s = 0; s < 20; s++) {
                senders.add(s % 2 == 0
                        ? ChatStompClient.connect(port(nodeB), pair.patient().token()).subscribe(MESSAGES)
                        : ChatStompClient.connect(port(nodeA), pair.doctor().token()).subscribe(MESSAGES));
            }
            List<Long> stored = MessagingTests.sendConcurrently(pair, senders, each, pool);
            long total = 20L * each;

            assertThat(stored).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            List<ChatStompClient> receivers = new ArrayList<>(senders);
            receivers.add(patientReader);
            receivers.add(doctorReader);
            for (ChatStompClient receiver : receivers) {
                assertThat(MessagingTests.pushedSeqs(receiver, total)).as("every socket on either node, in seq order, once")
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            }
        } finally {
            senders.forEach(ChatStompClient::close);
            pool.shutdownNow();
        }
    }

    @Test
    void seqStaysGapFreeWithSendersOnBothNodes() throws Exception {
        Pair pair = pair();
        Api onA = new Api(port(nodeA), newClientIp());
        Api onB = new Api(port(nodeB), newClientIp());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Long>> sent = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                Api node = i % 2 == 0 ? onA : onB;
                Person sender = i % 4 < 2 ? pair.patient() : pair.doctor();
                String id = "both-" + i;
                sent.add(pool.submit(() -> {
                    Api.Response response = node.post(pair.messages(), Map.of("clientMessageId", id, "body", id),
                            sender.token());
                    assertThat(response.status()).as(response.toString()).isEqualTo(200);
                    return response.body().path("seq").asLong();
                }));
            }
            Set<Long> seqs = new HashSet<>();
            for (Future<Long> seq : sent) {
                seqs.add(seq.get());
            }
            assertThat(seqs).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 40).boxed().toList());
        } finally {
            pool.shutdownNow();
        }
        assertThat(history(pair, pair.patient(), "?afterSeq=0&limit=200").stream().map(m -> m.path("seq").asLong()))
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 40).boxed().toList());
    }

    private static ConfigurableApplicationContext startNode() {
        List<String> args = new ArrayList<>();
        localServices((name, value) -> args.add("--" + name + "=" + value.get()));
        args.add("--server.port=0");
        args.add("--spring.main.banner-mode=off");
        args.add("--medbook.realtime.broker=rabbitmq");
        args.add("--medbook.realtime.rabbitmq.host=" + RABBIT_HOST);
        args.add("--medbook.realtime.rabbitmq.stomp-port=" + RABBIT_STOMP_PORT);
        return new SpringApplicationBuilder(MedbookApplication.class).profiles("test").run(args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext node) {
        return Integer.parseInt(node.getEnvironment().getRequiredProperty("local.server.port"));
    }
}
