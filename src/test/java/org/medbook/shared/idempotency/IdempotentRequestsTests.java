package org.medbook.shared.idempotency;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.medbook.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Idempotency keys against the real database, with work that writes what it did to a table of its
 * own. A crash is an {@link Error} thrown from inside the work: nothing of ours runs after it, as
 * when the process is killed; a lost connection is the database ending the work's own session.
 */
class IdempotentRequestsTests extends IntegrationTest {

    private static final Map<String, Object> REQUEST = Map.of("doctorId", "d-1", "start", "2026-12-01T09:00:00Z");

    /** Stands for the process dying at this point. */
    private static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("the process dies here");
        }
    }

    @Autowired
    IdempotentRequests idempotency;

    @Autowired
    JdbcClient jdbc;

    private final UUID owner = UUID.randomUUID();
    private final String key = UUID.randomUUID().toString();

    @BeforeEach
    void effectsTable() {
        jdbc.sql("CREATE TABLE IF NOT EXISTS idempotency_test_effects (id bigint GENERATED ALWAYS AS IDENTITY, key text NOT NULL, what text NOT NULL)")
                .update();
    }

    private void effect(String what) {
        jdbc.sql("INSERT INTO idempotency_test_effects (key, what) VALUES (:key, :what)").param("key", key)
                .param("what", what).update();
    }

    private List<String> effects() {
        return jdbc.sql("SELECT what FROM idempotency_test_effects WHERE key = :key ORDER BY id").param("key", key)
                .query(String.class).list();
    }

    @Test
    void aCrashAfterTheClaimLeavesNothingBehindAndTheKeyCanBeRetriedAtOnce() {
        assertThatThrownBy(() -> idempotency.run(owner, key, REQUEST, 201, () -> {
            effect("before the crash");
            throw new SimulatedCrash();
        })).isInstanceOf(SimulatedCrash.class);

        IdempotentRequests.Answer retried = idempotency.run(owner, key, REQUEST, 201, () -> {
            effect("retried");
            return Map.of("booked", true);
        });

        assertThat(retried.status()).isEqualTo(201);
        assertThat(effects()).containsExactly("retried");
        IdempotentRequests.Answer replayed = idempotency.run(owner, key, REQUEST, 201, () -> {
            effect("must not run");
            return Map.of("booked", false);
        });
        assertThat(replayed).isEqualTo(retried);
        assertThat(effects()).containsExactly("retried");
    }

    @Test
    void aConnectionLostDuringTheWorkLeavesNothingBehindAndTheKeyCanBeRetriedAtOnce() {
        assertThatThrownBy(() -> idempotency.run(owner, key, REQUEST, 201, () -> {
            effect("before the connection dropped");
            jdbc.sql("SELECT pg_terminate_backend(pg_backend_pid())").query().listOfRows();
            return Map.of("booked", true);
        })).isInstanceOf(RuntimeException.class);

        IdempotentRequests.Answer retried = idempotency.run(owner, key, REQUEST, 201, () -> {
            effect("retried");
            return Map.of("booked", true);
        });

        assertThat(retried.status()).isEqualTo(201);
        assertThat(effects()).containsExactly("retried");
    }

    @Test
    void aRefusalIsStoredWithoutTheWritesOfTheRefusedWorkAndReplayed() {
        assertThatThrownBy(() -> idempotency.run(owner, key, REQUEST, 201, () -> {
            effect("half done");
            throw new MedbookException(ProblemKind.RULE_BROKEN, "too-many-bookings-with-doctor", "Two is the limit");
        })).isInstanceOfSatisfying(MedbookException.class, e -> assertThat(e.slug()).isEqualTo("too-many-bookings-with-doctor"));
        assertThat(effects()).isEmpty();

        assertThatThrownBy(() -> idempotency.run(owner, key, REQUEST, 201, () -> {
            effect("must not run");
            return Map.of();
        })).isInstanceOfSatisfying(MedbookException.class, e -> {
            assertThat(e.kind()).isEqualTo(ProblemKind.RULE_BROKEN);
            assertThat(e.slug()).isEqualTo("too-many-bookings-with-doctor");
            assertThat(e.getMessage()).isEqualTo("Two is the limit");
        });
        assertThat(effects()).isEmpty();
    }

    @Test
    void aPassingOutageFreesTheKey() {
        assertThatThrownBy(() -> idempotency.run(owner, key, REQUEST, 201, () -> {
            effect("half done");
            throw new MedbookException(ProblemKind.UNAVAILABLE, "payment-provider-unavailable", "Try again shortly");
        })).isInstanceOf(MedbookException.class);

        assertThat(idempotency.run(owner, key, REQUEST, 201, () -> {
            effect("retried");
            return Map.of("booked", true);
        }).status()).isEqualTo(201);
        assertThat(effects()).containsExactly("retried");
    }

    @Test
    void parallelRequestsWithOneKeyRunTheWorkOnceAndAllGetItsAnswer() throws Exception {
        int requests = 10;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(requests);
        List<Future<IdempotentRequests.Answer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < requests; i++) {
                int attempt = i;
                answers.add(threads.submit(() -> {
                    go.await();
                    return idempotency.run(owner, key, REQUEST, 201, () -> {
                        effect("attempt " + attempt);
                        return Map.of("attempt", attempt);
                    });
                }));
            }
            go.countDown();
            List<IdempotentRequests.Answer> received = new ArrayList<>();
            for (Future<IdempotentRequests.Answer> answer : answers) {
                received.add(answer.get(30, TimeUnit.SECONDS));
            }
            assertThat(effects()).hasSize(1);
            assertThat(received).containsOnly(received.get(0));
            assertThat(received.get(0).json()).isEqualTo("{\"attempt\":" + effects().get(0).substring("attempt ".length()) + "}");
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aCrashAfterTheFirstStepCommittedIsCompletedByTheRetryWithoutRepeatingIt() {
        assertThatThrownBy(() -> idempotency.run(owner, key, REQUEST, 201, () -> {
            effect("booked");
            return "booking-1";
        }, reference -> {
            throw new SimulatedCrash();
        })).isInstanceOf(SimulatedCrash.class);
        assertThat(effects()).containsExactly("booked");

        IdempotentRequests.Answer retried = idempotency.run(owner, key, REQUEST, 201, () -> {
            effect("booked again");
            return "booking-2";
        }, reference -> Map.of("completed", reference));

        assertThat(retried.status()).isEqualTo(201);
        assertThat(retried.json()).isEqualTo("{\"completed\":\"booking-1\"}");
        assertThat(effects()).containsExactly("booked");
    }

    @Test
    void aNodeThatDiesAfterTheFirstStepHoldsTheKeyOnlyUntilItsLeaseLapses() {
        IdempotentRequests.Answer first = idempotency.run(owner, key, REQUEST, 201, () -> {
            effect("booked");
            return "booking-1";
        }, reference -> Map.of("completed", reference));
        // What a node killed between the two steps leaves: the first step committed, no answer, a live lease.
        jdbc.sql("""
                UPDATE idempotency_keys SET response_status = NULL, response_body = NULL, lease_until = :until
                WHERE owner_id = :owner AND key = :key
                """).param("until", clock.instant().plus(IdempotencyLeases.LEASE).atOffset(java.time.ZoneOffset.UTC))
                .param("owner", owner).param("key", key).update();

        assertThatThrownBy(() -> idempotency.run(owner, key, REQUEST, 201, () -> "booking-2",
                reference -> Map.of("completed", reference)))
                .isInstanceOfSatisfying(MedbookException.class, e -> assertThat(e.slug()).isEqualTo("request-in-progress"));

        clock.advance(IdempotencyLeases.LEASE.plusSeconds(1));
        IdempotentRequests.Answer completed = idempotency.run(owner, key, REQUEST, 201, () -> {
            effect("booked again");
            return "booking-2";
        }, reference -> Map.of("completed", reference));

        assertThat(completed).isEqualTo(first);
        assertThat(effects()).containsExactly("booked");
    }

    @Test
    void theSameKeyWithAnotherRequestIsRefusedAndAnotherCallersKeyIsTheirOwn() {
        idempotency.run(owner, key, REQUEST, 201, () -> {
            effect("first");
            return Map.of("n", 1);
        });

        assertThatThrownBy(() -> idempotency.run(owner, key, Map.of("doctorId", "d-2"), 201, () -> Map.of("n", 2)))
                .isInstanceOfSatisfying(MedbookException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProblemKind.RULE_BROKEN);
                    assertThat(e.slug()).isEqualTo("idempotency-key-reused");
                });
        assertThat(idempotency.run(UUID.randomUUID(), key, REQUEST, 201, () -> {
            effect("someone else's");
            return Map.of("n", 3);
        }).json()).isEqualTo("{\"n\":3}");
        assertThat(effects()).containsExactly("first", "someone else's");
    }
}
