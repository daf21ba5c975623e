package org.medbook.identity.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Guesses that arrive all at once are counted as if they came one after the other: no more passwords
 * are compared than the five free failures, however many requests race for them.
 */
class ConcurrentPasswordGuessTests extends IntegrationTest {

    private static final String LOGIN = "/api/v1/auth/login";

    @Test
    void thirtySimultaneousWrongPasswordsAreComparedAtMostFiveTimesAndLockTheAccount() throws Exception {
        StaffAccount helper = newStaffAccount("HELPER", List.of());
        String password = "The one true passphrase";
        activateStaff(helper.email(), helper.temporaryPassword(), password);

        List<Api.Response> responses = simultaneously(30,
                i -> api.from(newClientIp()).post(LOGIN, Map.of("email", helper.email(), "password", "guess number " + i)));

        List<Api.Response> compared = responses.stream().filter(r -> r.status() == 401).toList();
        List<Api.Response> refused = responses.stream().filter(r -> r.status() == 429).toList();
        assertThat(compared.size() + refused.size()).as("every answer is 401 or 429: %s", responses).isEqualTo(30);
        assertThat(compared).as("passwords compared").hasSizeBetween(1, 5)
                .allSatisfy(r -> assertThat(r.problem()).isEqualTo("invalid-credentials"));
        assertThat(refused).allSatisfy(r -> {
            assertThat(r.problem()).isEqualTo("sign-in-locked");
            assertThat(Long.parseLong(r.header("Retry-After"))).isPositive();
        });

        Api.Response right = api.post(LOGIN, Map.of("email", helper.email(), "password", password));
        assertThat(right.status()).as("the account is locked: %s", right).isEqualTo(429);
        assertThat(right.problem()).isEqualTo("sign-in-locked");

        // the audit trail holds one failure for each password actually compared, and no more
        String admin = adminToken();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(failuresAudited(helper.id(), admin))
                .isEqualTo(compared.size()));
    }

    @Test
    void theRightPasswordAmongSimultaneousGuessesWithinTheAllowanceSignsIn() throws Exception {
        StaffAccount helper = newStaffAccount("HELPER", List.of());
        String password = "Still the right passphrase";
        activateStaff(helper.email(), helper.temporaryPassword(), password);

        List<Api.Response> responses = simultaneously(5, i -> api.post(LOGIN,
                Map.of("email", helper.email(), "password", i == 2 ? password : "wrong guess " + i)));

        assertThat(responses.get(2).status()).as(responses.get(2).toString()).isEqualTo(200);
        assertThat(responses).filteredOn(r -> r.status() == 401).hasSize(4);
    }

    @Test
    void aLockThatPassedAllowsOneCheckAtATime() throws Exception {
        StaffAccount helper = newStaffAccount("HELPER", List.of());
        activateStaff(helper.email(), helper.temporaryPassword(), "Patient passphrase");
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThat(api.post(LOGIN, Map.of("email", helper.email(), "password", "miss " + attempt)).status())
                    .isEqualTo(401);
        }
        clock.advance(Duration.ofSeconds(31));

        List<Api.Response> responses = simultaneously(10,
                i -> api.post(LOGIN, Map.of("email", helper.email(), "password", "again " + i)));

        assertThat(responses).filteredOn(r -> r.status() == 401).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() == 429).hasSize(9);
    }

    private long failuresAudited(String userId, String admin) {
        Api.Response trail = api.get("/api/v1/admin/audit?size=100&action=sign-in.failed&target=user:" + userId, admin);
        assertThat(trail.status()).as(trail.toString()).isEqualTo(200);
        return trail.body().path("totalItems").asLong();
    }

    /** Sends {@code count} requests released at the same moment; the answers in request order. */
    private static List<Api.Response> simultaneously(int count, IntFunction<Api.Response> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Api.Response>> pending = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                pending.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return request.apply(index);
                }));
            }
            start.countDown();
            List<Api.Response> responses = new ArrayList<>();
            for (Future<Api.Response> response : pending) {
                responses.add(response.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
