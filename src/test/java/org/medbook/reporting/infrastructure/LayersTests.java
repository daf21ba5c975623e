package org.medbook.reporting.infrastructure;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** How a range is cut into raw minutes, whole hours, days and months (UTC). */
class LayersTests {

    @Test
    void aRangeInBerlinOverAYearTakesElevenMonthsTheDaysAroundThemAndTheCutHours() {
        // 2025-01-01 to 2025-12-31 in Berlin: 23:00 UTC the day before to 23:00 UTC on the last day
        Layers layers = Layers.of(at("2024-12-31T23:00:00Z"), at("2025-12-31T23:00:00Z"));
        assertThat(layers).isEqualTo(new Layers(at("2024-12-31T23:00:00Z"), at("2025-12-31T23:00:00Z"),
                at("2024-12-31T23:00:00Z"), at("2025-01-01T00:00:00Z"), at("2025-01-01T00:00:00Z"),
                at("2025-12-01T00:00:00Z"), at("2025-12-31T00:00:00Z"), at("2025-12-31T23:00:00Z")));
        assertThat(layers.params()).containsEntry("monthFrom", java.time.LocalDate.of(2025, 1, 1))
                .containsEntry("monthTo", java.time.LocalDate.of(2025, 12, 1))
                .containsEntry("dayTo", java.time.LocalDate.of(2025, 12, 31));
    }

    @Test
    void halfHourOffsetsLeaveRawMinutesAtBothEnds() {
        // a week in India (+05:30): 18:30 UTC to 18:30 UTC
        Layers layers = Layers.of(at("2025-03-02T18:30:00Z"), at("2025-03-09T18:30:00Z"));
        assertThat(layers).isEqualTo(new Layers(at("2025-03-02T18:30:00Z"), at("2025-03-09T18:30:00Z"),
                at("2025-03-02T19:00:00Z"), at("2025-03-03T00:00:00Z"), at("2025-03-09T00:00:00Z"),
                at("2025-03-09T00:00:00Z"), at("2025-03-09T00:00:00Z"), at("2025-03-09T18:00:00Z")));
    }

    @Test
    void withQuarterHoursAsTheFineBucketsNepalsRangeLeavesNothingRaw() {
        // a week in Nepal (+05:45): 18:15 UTC to 18:15 UTC
        Layers layers = Layers.of(at("2025-03-02T18:15:00Z"), at("2025-03-09T18:15:00Z"), Layers.QUARTER_SECONDS);
        assertThat(layers).isEqualTo(new Layers(at("2025-03-02T18:15:00Z"), at("2025-03-09T18:15:00Z"),
                at("2025-03-02T18:15:00Z"), at("2025-03-03T00:00:00Z"), at("2025-03-09T00:00:00Z"),
                at("2025-03-09T00:00:00Z"), at("2025-03-09T00:00:00Z"), at("2025-03-09T18:15:00Z")));
    }

    @Test
    void aRangeWithNoWholeDayIsHoursAndRawMinutes() {
        Layers layers = Layers.of(at("2025-03-03T05:07:13.250Z"), at("2025-03-03T16:07:13.250Z"));
        assertThat(layers).isEqualTo(new Layers(at("2025-03-03T05:07:13.250Z"), at("2025-03-03T16:07:13.250Z"),
                at("2025-03-03T06:00:00Z"), at("2025-03-03T16:00:00Z"), at("2025-03-03T16:00:00Z"),
                at("2025-03-03T16:00:00Z"), at("2025-03-03T16:00:00Z"), at("2025-03-03T16:00:00Z")));
    }

    @Test
    void aRangeWithNoWholeHourIsAllRaw() {
        Instant from = at("2025-03-03T05:07:13Z");
        Instant to = at("2025-03-03T05:59:00Z");
        assertThat(Layers.of(from, to)).isEqualTo(new Layers(from, to, to, to, to, to, to, to));
        Instant acrossAnHour = at("2025-03-03T06:20:00Z");
        assertThat(Layers.of(from, acrossAnHour)).isEqualTo(new Layers(from, acrossAnHour, acrossAnHour, acrossAnHour,
                acrossAnHour, acrossAnHour, acrossAnHour, acrossAnHour));
    }

    @Test
    void wholeMonthsExactlyAreOnlyMonths() {
        Instant from = at("2024-02-01T00:00:00Z");
        Instant to = at("2024-04-01T00:00:00Z");
        assertThat(Layers.of(from, to)).isEqualTo(new Layers(from, to, from, from, from, to, to, to));
    }

    @Test
    void layersOutOfOrderAreRefused() {
        Instant a = at("2025-01-01T00:00:00Z");
        Instant b = at("2025-01-02T00:00:00Z");
        assertThatIllegalArgumentException().isThrownBy(() -> new Layers(a, b, b, a, a, a, a, b));
    }

    private static Instant at(String text) {
        return Instant.parse(text);
    }
}
