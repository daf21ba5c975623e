package org.medbook.notifications.domain;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PreferencesTests {

    @Test
    void byDefaultAKindUsesItsOwnChannelsAndRemindersGoBySmsToPatientsOnly() {
        Preferences defaults = Preferences.defaults();
        assertThat(defaults.channelsFor(Kind.BOOKING_HELD, true)).containsExactlyInAnyOrder(Channel.IN_APP, Channel.EMAIL);
        assertThat(defaults.channelsFor(Kind.VISIT_REMINDER, true)).contains(Channel.SMS);
        assertThat(defaults.channelsFor(Kind.VISIT_REMINDER, false)).doesNotContain(Channel.SMS).contains(Channel.PUSH);
        assertThat(defaults.channelsFor(Kind.STAFF_ACCOUNT_CREATED, false)).containsExactly(Channel.EMAIL);
    }

    @Test
    void aCategoryNarrowsItsKindsButInAppStaysOn() {
        Preferences chosen = new Preferences(Map.of(Category.BOOKINGS, Set.of(Channel.PUSH)), null, null);
        assertThat(chosen.categories().get(Category.BOOKINGS)).containsExactlyInAnyOrder(Channel.IN_APP, Channel.PUSH);
        assertThat(chosen.channelsFor(Kind.BOOKING_CANCELLED, true)).containsExactlyInAnyOrder(Channel.IN_APP, Channel.PUSH);
        assertThat(chosen.channelsFor(Kind.PAYMENT_RECEIVED, true)).containsExactlyInAnyOrder(Channel.IN_APP, Channel.EMAIL);
    }

    @Test
    void securityCannotBeNarrowedButMayBeRepeatedInFull() {
        assertThatThrownBy(() -> new Preferences(Map.of(Category.SECURITY, Set.of(Channel.IN_APP)), null, null))
                .isInstanceOf(Preferences.SecurityLocked.class);
        Preferences full = new Preferences(Map.of(Category.SECURITY, EnumSet.allOf(Channel.class)), null, null);
        assertThat(full.channelsFor(Kind.PASSWORD_CHANGED, false)).containsExactlyInAnyOrder(Channel.IN_APP, Channel.EMAIL);
    }
}
