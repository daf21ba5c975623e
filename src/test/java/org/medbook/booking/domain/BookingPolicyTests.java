package org.medbook.booking.domain;

import org.junit.jupiter.api.Test;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BookingPolicyTests {

    @Test
    void thePlatformDefaultIsFreeCancellationUntilADayBeforeWithoutApproval() {
        BookingPolicy policy = BookingPolicy.platformDefault();

        assertThat(policy.freeCancellationHours()).isEqualTo(24);
        assertThat(policy.requiresApproval()).isFalse();
    }

    @Test
    void freeCancellationRunsFromNoNoticeUpToThreeDays() {
        assertThat(new BookingPolicy(0, true).freeCancellationHours()).isZero();
        assertThat(new BookingPolicy(BookingPolicy.PLATFORM_MAX_HOURS, false).freeCancellationHours()).isEqualTo(72);
    }

    @Test
    void aNegativeOrLongerNoticeIsRefused() {
        for (int hours : new int[] {-1, 73}) {
            assertThatThrownBy(() -> new BookingPolicy(hours, false))
                    .isInstanceOfSatisfying(MedbookException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ProblemKind.RULE_BROKEN);
                        assertThat(e.slug()).isEqualTo("invalid-policy");
                    });
        }
    }
}
