package org.medbook.chat.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A participant with no open socket hears of waiting messages by one digest per conversation and
 * window. The patients write (each test has its own, so the moved clock leaves no other sender's
 * rate limit behind); the class's doctor is the one offline.
 */
class DigestTests extends ChatTestSupport {

    @Autowired
    private JdbcClient jdbc;

    private static final String SUBJECT = "New messages in Medbook";

    private List<JsonNode> digests(Person recipient, Pair pair) {
        return inbox(recipient.token()).stream().filter(n -> n.path("kind").asString().equals("MESSAGES"))
                .filter(n -> n.path("data").path("conversationId").asString().equals(pair.conversationId().toString()))
                .toList();
    }

    @Test
    void anOfflineParticipantGetsOneNotificationForManyMessagesNamingHowManyWait() {
        Pair pair = pair();
        for (int i = 1; i <= 5; i++) {
            sent(pair, pair.patient(), "My potassium is 5." + i + " mmol/l");
        }

        clock.advance(Duration.ofMinutes(2));
        await().atMost(Duration.ofSeconds(15)).until(() -> digests(pair.doctor(), pair).size() == 1);
        JsonNode digest = digests(pair.doctor(), pair).getFirst();
        awaitMail(pair.doctor().email(), SUBJECT);

        assertThat(digest.path("category").asString()).isEqualTo("MESSAGES");
        assertThat(digest.path("body").asString()).contains("5 unread").doesNotContain("potassium");
        assertThat(mailsTo(pair.doctor().email()).stream().map(org.medbook.support.IntegrationTest::textOf))
                .noneMatch(text -> text.contains("potassium"));

        // more messages within the window: no second notification yet
        sent(pair, pair.patient(), "And my sodium is fine");
        clock.advance(Duration.ofMinutes(5));
        sleepPastAFewDigestRounds();
        assertThat(digests(pair.doctor(), pair)).hasSize(1);

        // once the window has passed, one more naming everything that still waits
        clock.advance(Duration.ofMinutes(11));
        Person doctor = doctorPerson();
        await().atMost(Duration.ofSeconds(15)).until(() -> digests(doctor, pair).size() == 2);
        assertThat(digests(doctor, pair).getFirst().path("body").asString()).contains("6 unread");
    }

    @Test
    void aConnectedParticipantIsNotNotified() {
        Pair pair = pair();
        try (ChatStompClient doctor = connect(pair.doctor()).subscribe(MESSAGES)) {
            sent(pair, pair.patient(), "see you tomorrow");
            doctor.next(MESSAGES);
            clock.advance(Duration.ofMinutes(2));
            sleepPastAFewDigestRounds();
        }
        assertThat(digests(pair.doctor(), pair)).isEmpty();
    }

    @Test
    void aParticipantBackOnlineWhenTheDigestIsDueIsNotNotifiedAfterLeavingAgain() {
        Pair pair = pair();
        sent(pair, pair.patient(), "are you there?");
        try (ChatStompClient doctor = connect(pair.doctor()).subscribe(MESSAGES)) {
            // back online before the digest is due: the open app fetches what it missed itself
            clock.advance(Duration.ofMinutes(2));
            sleepPastAFewDigestRounds();
        }
        // gone again with the message still unread: that digest was dropped, not kept for later
        clock.advance(Duration.ofMinutes(1));
        sleepPastAFewDigestRounds();

        assertThat(digests(pair.doctor(), pair)).isEmpty();
        assertThat(jdbc.sql("""
                SELECT count(*) FROM chat_digests
                WHERE conversation_id = :c AND recipient_id = :r AND pending_since IS NOT NULL
                """).param("c", pair.conversationId()).param("r", pair.doctor().id()).query(Integer.class).single())
                .as("nothing pending for the doctor").isZero();
    }

    @Test
    void messagesReadBeforeTheDigestIsDueNotifyNobody() {
        Pair pair = pair();
        sent(pair, pair.patient(), "quick question");
        assertThat(api.post(CONVERSATIONS + "/" + pair.conversationId() + "/read", Map.of("upToSeq", 1),
                pair.doctor().token()).status()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(2));
        sleepPastAFewDigestRounds();

        assertThat(digests(pair.doctor(), pair)).isEmpty();
    }

    private static void sleepPastAFewDigestRounds() {
        try {
            Thread.sleep(1_500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
