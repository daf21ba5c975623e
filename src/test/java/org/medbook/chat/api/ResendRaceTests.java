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
        TransactionTemplate transaction = new TransactionTemplate(transactionManager);
        CountDownLatch appended = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        // one thread each: the common pool may have a single worker, which the original would hold
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            race(pair, transaction, appended, commit, now, threads);
        } finally {
            threads.shutdownNow();
        }
    }

    private void race(Pair pair, TransactionTemplate transaction, CountDownLatch appended, CountDownLatch commit,
            Instant now, ExecutorService threads) throws Exception {

        CompletableFuture<ChatMessage> original = CompletableFuture.supplyAsync(() -> transaction.execute(status -> {
            Conversation conversation = conversations.lockForMessage(pair.conversationId(), pair.patient().id(), "raced")
                    .orElseThrow().conversation();
            ChatMessage message = conversation.post(pair.patient().id(), new ClientMessageId("raced"),
                    new MessageBody("hello"), List.of(), now);
            assertThat(conversations.append(conversation, message)).isTrue();
            appended.countDown();
            passed(commit);
            return message;
        }), threads);
        passed(appended);
        CompletableFuture<Boolean> resend = CompletableFuture.supplyAsync(() -> transaction.execute(status -> {
            Conversations.Locked locked = conversations.lockForMessage(pair.conversationId(), pair.patient().id(),
                    "raced").orElseThrow();
            assertThat(locked.earlier()).as("the lock's snapshot predates the original").isEmpty();
            Conversation conversation = locked.conversation();
            assertThat(conversation.lastSeq()).as("the locked row is the newest").isEqualTo(1);
            return conversations.append(conversation, conversation.post(pair.patient().id(),
                    new ClientMessageId("raced"), new MessageBody("hello"), List.of(), now));
        }), threads);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock'
                """).query(Integer.class).single() == 1);
        commit.countDown();

        ChatMessage stored = original.get(10, TimeUnit.SECONDS);
        assertThat(resend.get(10, TimeUnit.SECONDS)).as("the resend stores nothing").isFalse();
        assertThat(messages.findByClientId(pair.patient().id(), "raced")).get().extracting(ChatMessage::id)
                .isEqualTo(stored.id());
        assertThat(conversations.find(pair.conversationId()).orElseThrow().lastSeq()).isEqualTo(1);
        assertThat(history(pair, pair.doctor(), "")).hasSize(1);
    }

    @Test
    void aSendThatRacedItsOriginalAnswersTheOriginal() throws Exception {
        Pair pair = pair();
        TransactionTemplate transaction = new TransactionTemplate(transactionManager);
        CountDownLatch appended = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            // the original is stored without the handler, so nothing else (such as the sender's rate-limit row)
            // queues the resend behind it: only the conversation's row does
            CompletableFuture<ChatMessage> original = CompletableFuture.supplyAsync(() -> transaction.execute(status -> {
                Conversation conversation = conversations.lock(pair.conversationId()).orElseThrow();
                ChatMessage message = conversation.post(pair.patient().id(), new ClientMessageId("raced-send"),
                        new MessageBody("hello"), List.of(), now);
                assertThat(conversations.append(conversation, message)).isTrue();
                appended.countDown();
                passed(commit);
                return message;
            }), threads);
            passed(appended);
            CompletableFuture<MessageView> resend = CompletableFuture.supplyAsync(() -> sender.handle(
                    SendMessageCommand.of(pair.conversationId(), pair.patient().id(), "raced-send", "hello", null)), threads);
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND wait_event_type = 'Lock'
                    """).query(Integer.class).single() == 1);
            commit.countDown();

            ChatMessage stored = original.get(10, TimeUnit.SECONDS);
            MessageView answer = resend.get(10, TimeUnit.SECONDS);
            assertThat(answer.id()).as("the resend answers the original").isEqualTo(stored.id());
            assertThat(answer.seq()).isEqualTo(1);
            assertThat(history(pair, pair.doctor(), "")).hasSize(1);
        } finally {
            threads.shutdownNow();
        }
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
