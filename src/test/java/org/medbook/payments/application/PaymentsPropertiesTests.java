package org.medbook.payments.application;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The payment settings: missing or negative stuck thresholds fall back to their defaults; given ones are kept. */
class PaymentsPropertiesTests {

    @Test
    void missingOrNegativeStuckThresholdsFallBackToTheirDefaults() {
        PaymentsProperties.Stuck missing = new PaymentsProperties(null, null, true, null).stuck();
        assertThat(missing.holdAfter()).isEqualTo(Duration.ofMinutes(10));
        assertThat(missing.refundAfter()).isEqualTo(Duration.ofDays(1));
        PaymentsProperties.Stuck negative = new PaymentsProperties.Stuck(Duration.ofMinutes(-1), Duration.ofHours(-2));
        assertThat(negative.holdAfter()).isEqualTo(Duration.ofMinutes(10));
        assertThat(negative.refundAfter()).isEqualTo(Duration.ofDays(1));
        assertThat(new PaymentsProperties.Stuck(null, null).refundAfter()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void givenThresholdsAndTimeoutsAreKept() {
        PaymentsProperties.Stuck stuck = new PaymentsProperties.Stuck(Duration.ZERO, Duration.ofHours(2));
        PaymentsProperties properties = new PaymentsProperties(null, null, false, stuck);
        assertThat(properties.stuck()).isSameAs(stuck);
        assertThat(stuck.holdAfter()).isZero();
        assertThat(stuck.refundAfter()).isEqualTo(Duration.ofHours(2));
        assertThat(properties.stripe().timeouts().connect()).isEqualTo(Duration.ofSeconds(3));
        assertThat(properties.stripe().timeouts().read()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.stripe().enabled()).isFalse();
    }
}
