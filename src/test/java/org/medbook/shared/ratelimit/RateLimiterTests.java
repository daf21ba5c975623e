package org.medbook.shared.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.medbook.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimiterTests extends IntegrationTest {

    private static final RateLimit FIVE_A_MINUTE = new RateLimit("test", 5, Duration.ofMinutes(1));

    @Autowired
    RateLimiter limiter;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void twentyConcurrentCallersGetExactlyTheFivePermits() throws Exception {
        String bucket = "test:" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(() -> limiter.acquire(Map.of(bucket, FIVE_A_MINUTE)).allowed());
            }
            int allowed = 0;
            for (Future<Boolean> result : pool.invokeAll(calls)) {
                allowed += result.get() ? 1 : 0;
            }
            assertThat(allowed).isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void permitsTakenWithinTheCallersTransactionCountOnlyIfItCommits() {
        String bucket = "test:" + UUID.randomUUID();
        TransactionTemplate transaction = new TransactionTemplate(transactionManager);
        clock.setTo(clock.instant());
        transaction.executeWithoutResult(status -> {
            for (int i = 0; i < 3; i++) {
                assertThat(limiter.acquireWithin(Map.of(bucket, FIVE_A_MINUTE)).allowed()).isTrue();
            }
            status.setRollbackOnly();
        });
        transaction.executeWithoutResult(status ->
                assertThat(limiter.acquireWithin(Map.of(bucket, FIVE_A_MINUTE)).allowed()).isTrue());

        int left = 0;
        while (limiter.acquire(Map.of(bucket, FIVE_A_MINUTE)).allowed()) {
            left++;
        }
        assertThat(left).as("the rolled-back three went back, the committed one did not").isEqualTo(4);
        assertThatThrownBy(() -> limiter.acquireWithin(Map.of(bucket, FIVE_A_MINUTE)))
                .as("without a transaction to join it refuses to run")
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void refillsOnePermitPerIntervalAndSaysWhenToComeBack() {
        String bucket = "test:" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.acquire(Map.of(bucket, FIVE_A_MINUTE)).allowed()).isTrue();
        }
        RateLimiter.Decision refused = limiter.acquire(Map.of(bucket, FIVE_A_MINUTE));
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(12));

        clock.advance(Duration.ofSeconds(12));
        assertThat(limiter.acquire(Map.of(bucket, FIVE_A_MINUTE)).allowed()).isTrue();
        assertThat(limiter.acquire(Map.of(bucket, FIVE_A_MINUTE)).allowed()).isFalse();
    }

    @Test
    void takesFromAllBucketsOrFromNone() {
        String tight = "test:" + UUID.randomUUID();
        String loose = "test:" + UUID.randomUUID();
        RateLimit one = new RateLimit("one", 1, Duration.ofMinutes(1));
        RateLimit two = new RateLimit("two", 2, Duration.ofMinutes(1));
        assertThat(limiter.acquire(Map.of(tight, one)).allowed()).isTrue();

        // "tight" refuses, so "loose" must not have been charged: it still has both permits.
        assertThat(limiter.acquire(Map.of(tight, one, loose, two)).allowed()).isFalse();
        assertThat(limiter.acquire(Map.of(loose, two)).allowed()).isTrue();
        assertThat(limiter.acquire(Map.of(loose, two)).allowed()).isTrue();
        assertThat(limiter.acquire(Map.of(loose, two)).allowed()).isFalse();
    }
}
