package org.medbook.chat.api;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.medbook.chat.application.MessageView;
import org.medbook.chat.application.SendMessageCommand;
import org.medbook.chat.application.SendMessageHandler;
import org.medbook.chat.domain.ChatMessage;
import org.medbook.chat.domain.ChatMessages;
import org.medbook.chat.domain.ClientMessageId;
import org.medbook.chat.domain.Conversation;
import org.medbook.chat.domain.Conversations;
import org.medbook.chat.domain.MessageBody;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A resend that waited for the conversation's row while its original committed: the look for an
 * earlier message rides on the lock's statement, whose snapshot predates the original, so it is the
 * append that must notice and store nothing. (Through the API one sender's sends also queue on their
 * rate-limit row, which hides this race; the store must not rely on that.)
 */
class ResendRaceTests extends ChatTestSupport {

    @Autowired
    private Conversations conversations;

    @Autowired
    private ChatMessages messages;

    @Autowired
    private PlatformTransactionManager transactionManager;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private SendMessageHandler sender;

    @Test
    void aResendThatWaitedForTheRowWhileItsOriginalCommittedStoresNothing() throws Exception {
        Pair pair = pair();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);

        Race<Boolean> race = race(pair, "raced", () -> transaction().execute(status -> {
            Conversations.Locked locked = conversations.lockForMessage(pair.conversationId(), pair.patient().id(),
                    "raced").orElseThrow();
            assertThat(locked.earlier()).as("the lock's snapshot predates the original").isEmpty();
            Conversation conversation = locked.conversation();
            assertThat(conversation.lastSeq()).as("the locked row is the newest").isEqualTo(1);
            return conversations.append(conversation, conversation.post(pair.patient().id(),
                    new ClientMessageId("raced"), new MessageBody("hello"), List.of(), now));
        }));

        assertThat(race.resend()).as("the resend stores nothing").isFalse();
        assertThat(messages.findByClientId(pair.patient().id(), "raced")).get().extracting(ChatMessage::id)
                .isEqualTo(race.original().id());
        assertThat(conversations.find(pair.conversationId()).orElseThrow().lastSeq()).isEqualTo(1);
        assertThat(history(pair, pair.doctor(), "")).hasSize(1);
    }

    @Test
    void aSendThatRacedItsOriginalAnswersTheOriginal() throws Exception {
        Pair pair = pair();

        Race<MessageView> race = race(pair, "raced-send", () -> sender.handle(
                SendMessageCommand.of(pair.conversationId(), pair.patient().id(), "raced-send", "hello", null)));

        assertThat(race.resend().id()).as("the resend answers the original").isEqualTo(race.original().id());
        assertThat(race.resend().seq()).isEqualTo(1);
        assertThat(history(pair, pair.doctor(), "")).hasSize(1);
    }

    /** What each side of a race ended with. */
    private record Race<T>(ChatMessage original, T resend) {
    }

    /**
     * Stores the patient's first message under {@code clientMessageId} in a transaction held open,
     * starts the resend, lets the original commit once the resend waits for a lock, and returns both.
     * The original is stored without the handler, so nothing else (such as the sender's rate-limit
     * row) queues the resend behind it: only the conversation's row does.
     */
    private <T> Race<T> race(Pair pair, String clientMessageId, Supplier<T> resend) throws Exception {
        CountDownLatch appended = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        // one thread each: the common pool may have a single worker, which the original would hold
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<ChatMessage> original = CompletableFuture.supplyAsync(() -> transaction().execute(status -> {
                Conversation conversation = conversations.lock(pair.conversationId()).orElseThrow();
                ChatMessage message = conversation.post(pair.patient().id(), new ClientMessageId(clientMessageId),
                        new MessageBody("hello"), List.of(), now);
                assertThat(conversations.append(conversation, message)).isTrue();
                appended.countDown();
                passed(commit);
                return message;
            }), threads);
            passed(appended);
            CompletableFuture<T> resent = CompletableFuture.supplyAsync(resend, threads);
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND wait_event_type = 'Lock'
                    """).query(Integer.class).single() == 1);
            commit.countDown();
            return new Race<>(original.get(10, TimeUnit.SECONDS), resent.get(10, TimeUnit.SECONDS));
        } finally {
            threads.shutdownNow();
        }
    }

    private TransactionTemplate transaction() {
        return new TransactionTemplate(transactionManager);
    }

    private static void passed(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
