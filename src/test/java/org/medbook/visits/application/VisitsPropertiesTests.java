package org.medbook.visits.application;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The visit settings refuse what cannot work at start-up, and tidy what can. */
class VisitsPropertiesTests {

    private static final Duration TEN = Duration.ofMinutes(10);
    private static final VisitsProperties.Turn NO_TURN = new VisitsProperties.Turn(List.of(), null);

    @Test
    void aNegativeOpeningClosingOrAttendanceIsRefusedByName() {
        Duration negative = Duration.ofSeconds(-1);
        assertThatThrownBy(() -> new VisitsProperties("http://x", negative, TEN, TEN, NO_TURN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("medbook.visits.opens-before");
        assertThatThrownBy(() -> new VisitsProperties("http://x", TEN, negative, TEN, NO_TURN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("medbook.visits.closes-after");
        assertThatThrownBy(() -> new VisitsProperties("http://x", TEN, TEN, negative, NO_TURN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("medbook.visits.minimum-attendance");
        assertThatThrownBy(() -> new VisitsProperties("http://x", null, TEN, TEN, NO_TURN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("opens-before");
    }

    @Test
    void zeroIsAllowedAndTheAddressLosesItsTrailingSlashes() {
        VisitsProperties properties = new VisitsProperties(" https://medbook.example// ", Duration.ZERO, Duration.ZERO,
                Duration.ZERO, null);
        assertThat(properties.publicUrl()).isEqualTo("https://medbook.example");
        assertThat(properties.opensBefore()).isZero();
        assertThat(properties.turn().urls()).isEmpty();
        assertThat(new VisitsProperties(" ", TEN, TEN, TEN, NO_TURN).publicUrl()).isEqualTo("http://localhost:8080");
    }

    @Test
    void blankTurnUrlsAreDroppedAndOtherSchemesRefused() {
        VisitsProperties.Turn turn = new VisitsProperties.Turn(Arrays.asList(" stun:stun.example:3478 ", "", "  ",
                "turn:turn.example:3478?transport=udp"), " ");
        assertThat(turn.urls()).containsExactly("stun:stun.example:3478", "turn:turn.example:3478?transport=udp");
        assertThat(turn.secret()).as("a blank secret is none").isNull();
        assertThat(turn.stunUrls()).containsExactly("stun:stun.example:3478");
        assertThatThrownBy(() -> new VisitsProperties.Turn(List.of("http://turn.example"), "s"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://turn.example");
    }
}
