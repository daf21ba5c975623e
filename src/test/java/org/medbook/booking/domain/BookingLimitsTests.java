package org.medbook.booking.domain;

import org.junit.jupiter.api.Test;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BookingLimitsTests {

    private final BookingLimits limits = new BookingLimits(3, 2, 10);

    @Test
    void belowEveryLimitOneMoreIsAllowed() {
        assertThatCode(() -> limits.allowOneMore(new BookingLimits.PatientBookings(2, 1, 9), true)).doesNotThrowAnyException();
    }

    @Test
    void theLimitWithOneDoctorIsReachedAtTwo() {
        assertThatThrownBy(() -> limits.allowOneMore(new BookingLimits.PatientBookings(0, 2, 2), false))
                .isInstanceOfSatisfying(MedbookException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProblemKind.RULE_BROKEN);
                    assertThat(e.slug()).isEqualTo("too-many-bookings-with-doctor");
                    assertThat(e.properties()).containsEntry("limit", 2);
                });
    }

    @Test
    void theOverallLimitIsReachedAtTen() {
        assertThatThrownBy(() -> limits.allowOneMore(new BookingLimits.PatientBookings(0, 0, 10), false))
                .isInstanceOfSatisfying(MedbookException.class, e -> {
                    assertThat(e.slug()).isEqualTo("too-many-active-bookings");
                    assertThat(e.properties()).containsEntry("limit", 10);
                });
    }

    @Test
    void unpaidHoldsLimitOnlyOnlinePayments() {
        BookingLimits.PatientBookings threeHolds = new BookingLimits.PatientBookings(3, 1, 3);
        assertThatThrownBy(() -> limits.allowOneMore(threeHolds, true))
                .isInstanceOfSatisfying(MedbookException.class, e -> assertThat(e.slug()).isEqualTo("too-many-holds"));
        assertThatCode(() -> limits.allowOneMore(threeHolds, false)).doesNotThrowAnyException();
    }

    @Test
    void limitsArePositive() {
        assertThatThrownBy(() -> new BookingLimits(0, 2, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BookingLimits(3, 0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BookingLimits(3, 2, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLimitOfOneAllowsExactlyOne() {
        BookingLimits strictest = new BookingLimits(1, 1, 1);

        assertThatCode(() -> strictest.allowOneMore(new BookingLimits.PatientBookings(0, 0, 0), true))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> strictest.allowOneMore(new BookingLimits.PatientBookings(0, 0, 1), true))
                .isInstanceOfSatisfying(MedbookException.class, e -> assertThat(e.slug()).isEqualTo("too-many-active-bookings"));
    }
}
