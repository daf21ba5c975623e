package org.medbook.notifications.domain;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuietHoursTests {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private final QuietHours night = new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0));

    private static Instant berlin(int year, int month, int day, int hour, int minute) {
        return ZonedDateTime.of(year, month, day, hour, minute, 0, 0, BERLIN).toInstant();
    }

    @Test
    void aSpanAcrossMidnightHoldsUntilTheNextMorningBeforeMidnightAndTheSameMorningAfter() {
        assertThat(night.endOfQuietAt(berlin(2027, 3, 2, 23, 15), BERLIN)).contains(berlin(2027, 3, 3, 7, 0));
        assertThat(night.endOfQuietAt(berlin(2027, 3, 3, 2, 0), BERLIN)).contains(berlin(2027, 3, 3, 7, 0));
        assertThat(night.endOfQuietAt(berlin(2027, 3, 3, 22, 0), BERLIN)).contains(berlin(2027, 3, 4, 7, 0));
    }

    @Test
    void outsideTheSpanNothingIsHeldAndTheEndItselfIsNoLongerQuiet() {
        assertThat(night.endOfQuietAt(berlin(2027, 3, 3, 7, 0), BERLIN)).isEmpty();
        assertThat(night.endOfQuietAt(berlin(2027, 3, 3, 12, 0), BERLIN)).isEmpty();
        assertThat(night.endOfQuietAt(berlin(2027, 3, 3, 21, 59), BERLIN)).isEmpty();
    }

    @Test
    void aSpanWithinOneDayHoldsOnlyInsideIt() {
        QuietHours lunch = new QuietHours(LocalTime.of(12, 0), LocalTime.of(14, 0));
        assertThat(lunch.endOfQuietAt(berlin(2027, 3, 3, 13, 0), BERLIN)).contains(berlin(2027, 3, 3, 14, 0));
        assertThat(lunch.endOfQuietAt(berlin(2027, 3, 3, 14, 30), BERLIN)).isEmpty();
    }

    @Test
    void theEndOnADstNightIsTheWallClockTimeOfThatMorning() {
        // Berlin springs forward on 28 March 2027 at 02:00: the night is an hour shorter, the end still 07:00 local
        Instant end = night.endOfQuietAt(berlin(2027, 3, 27, 23, 0), BERLIN).orElseThrow();
        assertThat(end).isEqualTo(berlin(2027, 3, 28, 7, 0));
        assertThat(end.atZone(BERLIN).getOffset().getTotalSeconds()).isEqualTo(7200);
    }

    @Test
    void startAndEndMustBothBeGivenAndDiffer() {
        assertThatThrownBy(() -> new QuietHours(LocalTime.NOON, LocalTime.NOON)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QuietHours(null, LocalTime.NOON)).isInstanceOf(IllegalArgumentException.class);
    }
}
