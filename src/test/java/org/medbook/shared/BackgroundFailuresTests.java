package org.medbook.shared;

import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class BackgroundFailuresTests {

    private final BackgroundFailures failures = new BackgroundFailures();

    void refund(String id) {
    }

    @Test
    void anUnreachableDatabaseIsOneWarningWithoutAStackTrace(CapturedOutput output) {
        failures.handleError(new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out after 2001ms")));

        assertThat(output.getAll()).contains("WARN").contains("tried again at its next turn")
                .contains("Connection is not available").doesNotContain("ERROR").doesNotContain("\tat ");
    }

    @Test
    void anyOtherFailureIsStillAnErrorWithItsStackTrace(CapturedOutput output) {
        failures.handleError(new IllegalStateException("a bug"));

        assertThat(output.getAll()).contains("ERROR").contains("A scheduled job failed").contains("\tat ");
    }

    @Test
    void aListenerMeetingAnUnavailableProviderIsOneWarning(CapturedOutput output) throws Exception {
        failures.getAsyncUncaughtExceptionHandler().handleUncaughtException(
                new MedbookException(ProblemKind.UNAVAILABLE, "stripe-unavailable", "Stripe cannot be reached right now"),
                BackgroundFailuresTests.class.getDeclaredMethod("refund", String.class), "pi_1");

        assertThat(output.getAll()).contains("WARN").contains("BackgroundFailuresTests.refund is tried again")
                .doesNotContain("ERROR").doesNotContain("\tat ");
    }

    @Test
    void everySchedulerOfTheApplicationReportsThroughIt() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

        assertThat(failures.postProcessBeforeInitialization(scheduler, "messageBrokerTaskScheduler")).isSameAs(scheduler);
        assertThat(scheduler).extracting("errorHandler").isSameAs(failures);
    }
}
