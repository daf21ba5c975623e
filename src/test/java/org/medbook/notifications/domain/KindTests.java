package org.medbook.notifications.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KindTests {

    @Test
    void bookingKindsAndRemindersAreAboutAVisit() {
        assertThat(Kind.BOOKING_RESCHEDULED.aboutAVisit()).isTrue();
        assertThat(Kind.VISIT_REMINDER.aboutAVisit()).isTrue();
        assertThat(Kind.PAYMENT_REFUNDED.aboutAVisit()).isFalse();
        assertThat(Kind.PASSWORD_CHANGED.aboutAVisit()).isFalse();
    }

    @Test
    void staffEmailsCarryingATemporaryPasswordStayOutOfTheInbox() {
        assertThat(Kind.STAFF_ACCOUNT_CREATED.inApp()).isFalse();
        assertThat(Kind.STAFF_PASSWORD_RESET.inApp()).isFalse();
        assertThat(Kind.PASSWORD_CHANGED.inApp()).isTrue();
        assertThat(Kind.BOOKING_CONFIRMED.inApp()).isTrue();
    }

    @Test
    void eachKindBelongsToItsCategory() {
        assertThat(Kind.HOLD_EXPIRED.category()).isEqualTo(Category.BOOKINGS);
        assertThat(Kind.VISIT_REMINDER.category()).isEqualTo(Category.REMINDERS);
        assertThat(Kind.DISPUTE_OPENED.category()).isEqualTo(Category.PAYMENTS);
        assertThat(Kind.DOCTOR_SUSPENDED.category()).isEqualTo(Category.ACCOUNT);
        assertThat(Kind.SESSION_REVOKED.category()).isEqualTo(Category.SECURITY);
    }
}
