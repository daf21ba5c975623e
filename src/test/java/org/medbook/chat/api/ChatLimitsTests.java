package org.medbook.chat.api;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.chat.application.ChatProperties;
import org.medbook.shared.ratelimit.RateLimit;
import org.medbook.shared.ratelimit.RateLimiter;
import org.springframework.beans.factory.annotation.Autowired;
import org.medbook.support.Api;
import org.springframework.messaging.simp.stomp.StompHeaders;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-user send rate and suspended accounts. */
class ChatLimitsTests extends ChatTestSupport {

    @Autowired
    private RateLimiter limiter;

    @Autowired
    private ChatProperties chat;

    private int spent;

    @Test
    void aUserSendingTooFastGets429WithRetryAfterOverRestAndStomp() {
        Pair pair = pair();
        try (ChatStompClient patient = connect(pair.patient()).subscribe(MESSAGES).subscribe(ERRORS)) {
            patient.sendForReceipt("/app/conversations/" + UUID.randomUUID() + "/messages", message("control", "x"));
            assertThat(patient.next(ERRORS).path("status").asInt()).isEqualTo(404);
            spendAllowanceOf(pair.patient());
            StompHeaders refused = patient.sendForReceipt(pair.app("messages"), message("one-more-0", "hello?"));
            // a permit may come back between spending and sending on a slow machine: send again, as a hasty client would
            for (int tries = 1; refused.getFirst("problem-type") == null && tries < 20; tries++) {
                spendAllowanceOf(pair.patient());
                refused = patient.sendForReceipt(pair.app("messages"), message("one-more-" + tries, "hello?"));
            }
            JsonNode problem = patient.next(ERRORS);
            spendAllowanceOf(pair.patient());
            // a permit comes back every period / permits: keep sending as a hasty client would
            Api.Response overRest = sendRest(pair, pair.patient(), UUID.randomUUID().toString(), "and now?");
            for (int tries = 0; overRest.status() == 200 && tries < 20; tries++) {
                overRest = sendRest(pair, pair.patient(), UUID.randomUUID().toString(), "and now?");
            }

            assertThat(refused.getFirst("problem-type")).endsWith("/chat-rate-limited");
            assertThat(refused.getFirst("problem-status")).isEqualTo("429");
            assertThat(problem.path("type").asString()).endsWith("/chat-rate-limited");
            assertThat(problem.path("retryAfterSeconds").asLong()).isPositive();
            assertThat(overRest.status()).isEqualTo(429);
            assertThat(overRest.problem()).isEqualTo("chat-rate-limited");
            assertThat(Long.parseLong(overRest.header("Retry-After"))).isPositive();
            assertThat(patient.connected()).isTrue();
        }
        assertThat(spent).isGreaterThanOrEqualTo(chat.sendPermits() - 1);
        assertThat(sendRest(pair, pair.doctor(), "doctor-unaffected-" + UUID.randomUUID(), "fine").status())
                .as("the limit is per user").isEqualTo(200);
    }

    @Test
    void aSendRefusedForAnotherReasonStillSpendsAPermit() {
        Pair pair = pair();
        Person stranger = patient();
        RateLimit limit = new RateLimit("chat-send", chat.sendPermits(), chat.sendPeriod());
        // stopped, the clock refills nothing: every permit is accounted for
        clock.setTo(clock.instant());
        for (int i = 0; i < 3; i++) {
            Api.Response refused = sendRest(pair, stranger, "stranger-" + i, "let me in");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(404);
        }
        int left = 0;
        while (limiter.acquire(Map.of("chat:send:" + stranger.id(), limit)).allowed()) {
            left++;
        }

        assertThat(left).as("three refused sends spent three of %d permits", chat.sendPermits())
                .isEqualTo(chat.sendPermits() - 3);
    }

    /** Spends a user's whole allowance; it refills while we spend, so until the limiter says no. */
    private void spendAllowanceOf(Person user) {
        RateLimit limit = new RateLimit("chat-send", chat.sendPermits(), chat.sendPeriod());
        while (limiter.acquire(Map.of("chat:send:" + user.id(), limit)).allowed()) {
            spent++;
        }
    }

    @Test
    void aSuspendedUserCanNoLongerSendEvenOnASocketOpenedBefore() {
        Pair pair = pair();
        try (ChatStompClient patient = connect(pair.patient()).subscribe(ERRORS)) {
            Api.Response suspended = api.post("/api/v1/admin/users/" + pair.patient().id() + "/suspend",
                    Map.of("reason", "abuse of the chat"), adminToken());
            assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);

            // the suspension ends the sessions, and with them the socket opened before it
            assertThat(patient.nextError()).isEqualTo("The session has ended; sign in again");
            org.awaitility.Awaitility.await().atMost(ChatStompClient.WAIT).until(() -> !patient.connected());
            assertThatThrownBy(() -> patient.sendForReceipt(pair.app("messages"), message("after-suspension", "hi")))
                    .isInstanceOf(IllegalStateException.class);
            Api.Response overRest = sendRest(pair, pair.patient(), "rest-after-suspension", "hi");
            assertThat(overRest.status()).as("the suspension also ended the patient's tokens").isEqualTo(401);
        }
        assertThat(history(pair, pair.doctor(), "")).isEmpty();
    }
}
