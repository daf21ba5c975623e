package org.medbook.chat.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.simp.stomp.StompHeaders;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Sending and receiving over a real STOMP socket, resends, resume after a dropped connection, concurrency. */
class MessagingTests extends ChatTestSupport {

    @Autowired
    private JdbcClient jdbc;

    @Test
    void aMessageSentOverStompIsStoredThenPushedToBothParticipants() {
        Pair pair = pair();
        try (ChatStompClient patient = connect(pair.patient()).subscribe(MESSAGES);
             ChatStompClient doctor = connect(pair.doctor()).subscribe(MESSAGES)) {

            StompHeaders receipt = patient.sendForReceipt(pair.app("messages"), message("c-1", "Hello doctor"));

            JsonNode atDoctor = doctor.next(MESSAGES);
            JsonNode ack = patient.next(MESSAGES);
            assertThat(receipt.getFirst("problem-type")).isNull();
            assertThat(receipt.getFirst("seq")).isEqualTo("1");
            assertThat(atDoctor.path("body").asString()).isEqualTo("Hello doctor");
            assertThat(atDoctor.path("seq").asLong()).isEqualTo(1);
            assertThat(atDoctor.path("conversationId").asString()).isEqualTo(pair.conversationId().toString());
            assertThat(atDoctor.path("senderId").asString()).isEqualTo(pair.patient().id().toString());
            assertThat(atDoctor.path("clientMessageId").asString()).isEqualTo("c-1");
            assertThat(atDoctor.path("attachments").isArray()).isTrue();
            assertThat(atDoctor.path("sentAt").asString()).isNotBlank();
            assertThat(ack.path("id").asString()).as("the sender's push of the stored copy is its acknowledgement")
                    .isEqualTo(atDoctor.path("id").asString());

            doctor.send(pair.app("messages"), message("d-1", "Hello patient"));
            assertThat(patient.next(MESSAGES).path("seq").asLong()).isEqualTo(2);
            assertThat(history(pair, pair.patient(), "").stream().map(m -> m.path("body").asString()))
                    .containsExactly("Hello doctor", "Hello patient");
        }
    }

    @Test
    void bodiesAreEncryptedAtRest() {
        Pair pair = pair();
        String secret = "my blood pressure is 180 over 110";
        JsonNode stored = sent(pair, pair.patient(), secret);

        byte[] column = jdbc.sql("SELECT body_enc FROM chat_messages WHERE id = :id")
                .param("id", UUID.fromString(stored.path("id").asString())).query(byte[].class).single();

        assertThat(new String(column, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("blood");
        assertThat(history(pair, pair.doctor(), "").getFirst().path("body").asString()).isEqualTo(secret);
    }

    @Test
    void aResendWithTheSameClientMessageIdStoresNothingNewAndAnswersTheOriginal() {
        Pair pair = pair();
        try (ChatStompClient patient = connect(pair.patient()).subscribe(MESSAGES);
             ChatStompClient doctor = connect(pair.doctor()).subscribe(MESSAGES)) {
            patient.sendForReceipt(pair.app("messages"), message("same-1", "Are you there?"));
            JsonNode original = doctor.next(MESSAGES);
            patient.next(MESSAGES);

            StompHeaders again = patient.sendForReceipt(pair.app("messages"), message("same-1", "Are you there?"));
            Api.Response overRest = sendRest(pair, pair.patient(), "same-1", "Are you there?");

            assertThat(again.getFirst("seq")).isEqualTo("1");
            assertThat(patient.next(MESSAGES).path("id").asString()).as("the sender gets the original again")
                    .isEqualTo(original.path("id").asString());
            assertThat(overRest.status()).isEqualTo(200);
            assertThat(overRest.text("id")).isEqualTo(original.path("id").asString());
            assertThat(overRest.body().path("seq").asLong()).isEqualTo(1);
            assertThat(doctor.poll(MESSAGES, Duration.ofMillis(500))).as("the other side gets it once").isNull();
            assertThat(history(pair, pair.doctor(), "")).hasSize(1);
        }
        Pair other = pair();
        assertThat(sendRest(other, other.patient(), "same-1", "x").status()).as("another patient's ids are their own")
                .isEqualTo(200);
        assertThat(sendRest(pair, pair.doctor(), "doctor-" + pair.conversationId(), "x").status()).isEqualTo(200);
        Api.Response reused = sendRest(other, other.doctor(), "doctor-" + pair.conversationId(), "x");
        assertThat(reused.status()).as("one sender's id names one message").isEqualTo(409);
        assertThat(reused.problem()).isEqualTo("client-message-id-reused");
    }

    @Test
    void refusedFramesSayWhyAndTheConnectionStaysUsable() {
        Pair pair = pair();
        Pair foreign = pair();
        try (ChatStompClient patient = connect(pair.patient()).subscribe(MESSAGES).subscribe(ERRORS)) {

            StompHeaders refused = patient.sendForReceipt(foreign.app("messages"), message("f-1", "intrusion"));
            JsonNode problem = patient.next(ERRORS);
            StompHeaders tooLong = patient.sendForReceipt(pair.app("messages"), message("l-1", "x".repeat(4001)));
            patient.next(ERRORS);
            StompHeaders badJson = patient.sendForReceipt(pair.app("read"), "not json");
            patient.next(ERRORS);
            StompHeaders foreignRead = patient.sendForReceipt(foreign.app("read"), Map.of("upToSeq", 0));
            patient.next(ERRORS);

            assertThat(refused.getFirst("problem-type")).isEqualTo("https://medbook.org/problems/not-found");
            assertThat(refused.getFirst("problem-status")).isEqualTo("404");
            assertThat(refused.getFirst("message")).isEqualTo("Conversation was not found");
            assertThat(problem.path("type").asString()).isEqualTo("https://medbook.org/problems/not-found");
            assertThat(problem.path("status").asInt()).isEqualTo(404);
            assertThat(problem.path("receiptId").asString()).isEqualTo(refused.getReceiptId());
            assertThat(tooLong.getFirst("problem-type")).endsWith("/message-body-too-long");
            assertThat(badJson.getFirst("problem-type")).endsWith("/invalid-frame");
            assertThat(foreignRead.getFirst("problem-type")).endsWith("/not-found");

            assertThat(patient.connected()).isTrue();
            patient.sendForReceipt(pair.app("messages"), message("ok-1", "still here"));
            assertThat(patient.next(MESSAGES).path("body").asString()).isEqualTo("still here");
            assertThat(history(foreign, foreign.doctor(), "")).isEmpty();
        }
    }

    @Test
    void aForeignUserQueueAndABrokerDestinationAreRefused() {
        Pair pair = pair();
        try (ChatStompClient patient = connect(pair.patient())) {
            patient.session.subscribe("/user/" + pair.doctor().id() + "/queue/messages",
                    new org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter() {
                    });
            assertThat(patient.nextError()).startsWith("Not allowed to subscribe to /user/" + pair.doctor().id());
        }
        try (ChatStompClient patient = connect(pair.patient())) {
            patient.send("/queue/messages-user" + pair.doctor().id(), message("q-1", "sneaky"));
            assertThat(patient.nextError()).startsWith("Not allowed to send to /queue/messages-user");
        }
        assertThat(history(pair, pair.doctor(), "")).isEmpty();
    }

    @Test
    void aClientThatDropsWhile100MessagesAreSentResumesWithAllOfThemInOrderOnce() {
        Pair pair = pair();
        long lastSeen;
        try (ChatStompClient patient = connect(pair.patient()).subscribe(MESSAGES)) {
            sent(pair, pair.doctor(), "before the tunnel");
            lastSeen = patient.next(MESSAGES).path("seq").asLong();
        }
        try (ChatStompClient doctor = connect(pair.doctor())) {
            for (int i = 1; i <= 100; i++) {
                doctor.send(pair.app("messages"), message("burst-" + i, "message " + i));
            }
            // the last frame's receipt: the doctor's frames are handled in order
            doctor.sendForReceipt(pair.app("typing"), Map.of());
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> api.get(CONVERSATIONS + "/" + pair.conversationId(), pair.patient().token()).body()
                        .path("lastSeq").asLong() == 101);

        List<JsonNode> resumed = new ArrayList<>();
        long after = lastSeen;
        while (true) {
            Api.Response page = api.get(pair.messages() + "?afterSeq=" + after + "&limit=30", pair.patient().token());
            List<JsonNode> items = page.body().path("items").valueStream().toList();
            resumed.addAll(items);
            if (!page.body().path("hasMore").asBoolean()) {
                break;
            }
            after = items.getLast().path("seq").asLong();
        }

        assertThat(resumed).hasSize(100);
        assertThat(resumed.stream().map(m -> m.path("seq").asLong()).toList())
                .containsExactlyElementsOf(LongStream.rangeClosed(2, 101).boxed().toList());
        assertThat(resumed.stream().map(m -> m.path("body").asString()).toList().getLast()).isEqualTo("message 100");
        assertThat(resumed.stream().map(m -> m.path("clientMessageId").asString()).distinct().count()).isEqualTo(100);
    }

    @Test
    void twentyConcurrentSendersGetSeqOneToNWithNoGapOrDuplicate() throws Exception {
        Pair pair = pair();
        int senders = 20;
        int each = 5;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Long>>> results = new ArrayList<>();
        try {
            for (int s = 0; s < senders; s++) {
                Person sender = s % 2 == 0 ? pair.patient() : pair.doctor();
                String prefix = "s" + s + "-";
                Api client = api.from(newClientIp());
                Callable<List<Long>> task = () -> {
                    start.await();
                    List<Long> seqs = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        Api.Response response = client.post(pair.messages(),
                                Map.of("clientMessageId", prefix + i, "body", prefix + i), sender.token());
                        assertThat(response.status()).as(response.toString()).isEqualTo(200);
                        seqs.add(response.body().path("seq").asLong());
                    }
                    return seqs;
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            Set<Long> seqs = new HashSet<>();
            for (Future<List<Long>> result : results) {
                seqs.addAll(result.get());
            }
            assertThat(seqs).containsExactlyInAnyOrderElementsOf(
                    LongStream.rangeClosed(1, (long) senders * each).boxed().toList());
        } finally {
            pool.shutdownNow();
        }
        List<JsonNode> stored = history(pair, pair.patient(), "?afterSeq=0&limit=200");
        assertThat(stored.stream().map(m -> m.path("seq").asLong()).toList())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, (long) senders * each).boxed().toList());
    }

    @Test
    void concurrentResendsOfOneMessageStoreItOnceAndAllAnswerIt() throws Exception {
        Pair pair = pair();
        int resends = 8;
        ExecutorService pool = Executors.newFixedThreadPool(resends);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Api.Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < resends; i++) {
                Api client = api.from(newClientIp());
                answers.add(pool.submit(() -> {
                    start.await();
                    return client.post(pair.messages(), Map.of("clientMessageId", "flaky-network", "body", "hello"),
                            pair.patient().token());
                }));
            }
            start.countDown();
            Set<String> ids = new HashSet<>();
            for (Future<Api.Response> answer : answers) {
                Api.Response response = answer.get();
                assertThat(response.status()).as(response.toString()).isEqualTo(200);
                assertThat(response.body().path("seq").asLong()).isEqualTo(1);
                ids.add(response.text("id"));
            }
            assertThat(ids).as("every resend answers the one stored message").hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(history(pair, pair.doctor(), "")).hasSize(1);
        Api.Response next = sendRest(pair, pair.patient(), "after-the-storm", "still there?");
        assertThat(next.body().path("seq").asLong()).as("no seq was taken by a resend").isEqualTo(2);
    }

    @Test
    void twentyConcurrentStompSendersArePushedToEveryOpenSocketInSeqOrderOnce() throws Exception {
        Pair pair = pair();
        int each = 3;
        List<ChatStompClient> senders = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try (ChatStompClient patientReader = connect(pair.patient()).subscribe(MESSAGES);
             ChatStompClient doctorReader = connect(pair.doctor()).subscribe(MESSAGES)) {
            for (int s = 0; s < 20; s++) {
                senders.add(connect(s % 2 == 0 ? pair.patient() : pair.doctor()).subscribe(MESSAGES));
            }
            List<Long> stored = sendConcurrently(pair, senders, each, pool);
            long total = 20L * each;

            assertThat(stored).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            List<ChatStompClient> receivers = new ArrayList<>(senders);
            receivers.add(patientReader);
            receivers.add(doctorReader);
            for (ChatStompClient receiver : receivers) {
                assertThat(pushedSeqs(receiver, total)).as("every socket of both participants, in seq order, once")
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            }
        } finally {
            senders.forEach(ChatStompClient::close);
            pool.shutdownNow();
        }
    }

    /** Each client sends {@code each} messages, all clients at once; the seqs their receipts named. */
    static List<Long> sendConcurrently(Pair pair, List<ChatStompClient> senders, int each, ExecutorService pool)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int s = 0; s < senders.size(); s++) {
            ChatStompClient sender = senders.get(s);
            // a client id names one message of its sender: the class's doctor sends in other tests too
            String prefix = "race-" + pair.conversationId() + "-" + s + "-";
            results.add(pool.submit(() -> {
                start.await();
                List<Long> seqs = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    StompHeaders receipt = sender.sendForReceipt(pair.app("messages"), message(prefix + i, prefix + i));
                    assertThat(receipt.getFirst("problem-type")).as(receipt.toString()).isNull();
                    seqs.add(Long.parseLong(receipt.getFirst("seq")));
                }
                return seqs;
            }));
        }
        start.countDown();
        List<Long> stored = new ArrayList<>();
        for (Future<List<Long>> result : results) {
            stored.addAll(result.get());
        }
        return stored;
    }

    /** The seqs pushed to one socket, in arrival order: the expected number, then a moment for any extra. */
    static List<Long> pushedSeqs(ChatStompClient receiver, long expected) {
        List<Long> seqs = new ArrayList<>();
        for (long i = 0; i < expected; i++) {
            seqs.add(receiver.next(MESSAGES).path("seq").asLong());
        }
        JsonNode extra = receiver.poll(MESSAGES, Duration.ofMillis(300));
        if (extra != null) {
            seqs.add(extra.path("seq").asLong());
        }
        return seqs;
    }

    @Test
    void historyPagesBackwardsAndForwardsAtMost200() {
        Pair pair = pair();
        for (int i = 1; i <= 5; i++) {
            sent(pair, pair.patient(), "m" + i);
        }

        assertThat(history(pair, pair.doctor(), "?beforeSeq=5&limit=2").stream().map(m -> m.path("seq").asLong()))
                .containsExactly(3L, 4L);
        assertThat(history(pair, pair.doctor(), "?afterSeq=1&beforeSeq=4").stream().map(m -> m.path("seq").asLong()))
                .containsExactly(2L, 3L);
        assertThat(history(pair, pair.doctor(), "?limit=2").stream().map(m -> m.path("seq").asLong()))
                .containsExactly(4L, 5L);
        assertThat(history(pair, pair.doctor(), "?limit=1").stream().map(m -> m.path("seq").asLong()))
                .as("the smallest page").containsExactly(5L);
        assertThat(history(pair, pair.doctor(), "?afterSeq=0&limit=200")).as("the largest page").hasSize(5);
        for (String outside : List.of("?limit=201", "?limit=0", "?afterSeq=-1", "?beforeSeq=0")) {
            Api.Response refused = api.get(pair.messages() + outside, pair.doctor().token());
            assertThat(refused.status()).as(outside).isEqualTo(400);
            assertThat(refused.problem()).isEqualTo("invalid-parameter");
        }
        assertThat(history(pair, pair.doctor(), "?afterSeq=0&beforeSeq=1")).as("the bounds themselves are allowed").isEmpty();
    }
}
