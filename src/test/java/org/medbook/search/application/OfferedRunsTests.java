package org.medbook.search.application;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.doctors.ConsultationType;
import org.medbook.doctors.FreeSlot;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs must stand for exactly the offered slots: every start, its type and length, nothing more. */
class OfferedRunsTests {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final UUID PRACTICE = UUID.randomUUID();

    @Test
    void aWorkingWindowOfADayIsOneRunEvenAcrossADstSwitch() {
        // 30 March 2031: clocks jump from 02:00 to 03:00 in Berlin; a 01:00-05:00 window has 3 real hours.
        Instant start = ZonedDateTime.of(LocalDate.of(2031, 3, 30), LocalTime.of(1, 0), BERLIN).toInstant();
        List<FreeSlot> slots = window(start, 6, 30, 0, ConsultationType.VIDEO);
        slots.addAll(window(start.plus(Duration.ofDays(1)), 6, 30, 0, ConsultationType.VIDEO));

        List<OfferedRuns.Run> runs = OfferedRuns.of(slots);

        assertThat(runs).hasSize(2);
        assertThat(runs.get(0)).isEqualTo(new OfferedRuns.Run(ConsultationType.VIDEO, start,
                start.plus(Duration.ofMinutes(150)), Duration.ofMinutes(30), Duration.ofMinutes(30)));
        assertThat(expand(runs)).isEqualTo(starts(slots));
    }

    @Test
    void aBufferBecomesTheStepAndAdjacentWindowsWithAnotherRhythmStayApart() {
        Instant nine = Instant.parse("2031-05-06T07:00:00Z");
        // 09:00-10:10 in 30-minute slots with 10-minute buffers, then straight on at 10:10 without buffers.
        List<FreeSlot> slots = window(nine, 2, 30, 10, ConsultationType.IN_PERSON);
        slots.addAll(window(nine.plus(Duration.ofMinutes(70)), 2, 30, 0, ConsultationType.IN_PERSON));

        List<OfferedRuns.Run> runs = OfferedRuns.of(slots);

        assertThat(expand(runs)).isEqualTo(starts(slots));
        assertThat(runs.get(0).step()).isEqualTo(Duration.ofMinutes(40));
    }

    @Test
    void typesAndLengthsNeverShareARunAndAStartOfferedAtTwoPracticesCountsOnce() {
        Instant nine = Instant.parse("2031-05-06T07:00:00Z");
        List<FreeSlot> slots = window(nine, 4, 30, 0, ConsultationType.IN_PERSON);
        slots.addAll(window(nine, 4, 30, 0, ConsultationType.IN_PERSON));
        slots.addAll(window(nine, 6, 20, 0, ConsultationType.VIDEO));
        slots.addAll(window(nine, 3, 40, 0, ConsultationType.VIDEO));

        List<OfferedRuns.Run> runs = OfferedRuns.of(slots);

        assertThat(runs).hasSize(3);
        assertThat(expand(runs)).isEqualTo(starts(slots));
    }

    @Test
    void randomTimeOffLeavesExactlyTheRemainingStarts() {
        Random random = new Random(20310506);
        for (int round = 0; round < 200; round++) {
            List<FreeSlot> slots = new ArrayList<>();
            Instant day = Instant.parse("2031-05-06T06:00:00Z");
            for (int d = 0; d < 5; d++) {
                int length = 15 + 5 * random.nextInt(6);
                int buffer = 5 * random.nextInt(3);
                slots.addAll(window(day.plus(Duration.ofDays(d)), 12, length, buffer,
                        random.nextBoolean() ? ConsultationType.VIDEO : ConsultationType.IN_PERSON));
            }
            slots.removeIf(slot -> random.nextInt(4) == 0);

            assertThat(expand(OfferedRuns.of(slots))).as("round %d", round).isEqualTo(starts(slots));
        }
    }

    private static List<FreeSlot> window(Instant start, int count, int minutes, int buffer, ConsultationType type) {
        List<FreeSlot> slots = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant at = start.plus(Duration.ofMinutes((long) i * (minutes + buffer)));
            slots.add(new FreeSlot(at, at.plus(Duration.ofMinutes(minutes)), type,
                    type == ConsultationType.VIDEO ? null : PRACTICE));
        }
        return slots;
    }

    /** What the runs stand for, as "type start length" strings, the way search reads them. */
    private static TreeSet<String> expand(List<OfferedRuns.Run> runs) {
        TreeSet<String> starts = new TreeSet<>();
        for (OfferedRuns.Run run : runs) {
            assertThat(run.step()).isPositive();
            for (Instant at = run.first(); !at.isAfter(run.last()); at = at.plus(run.step())) {
                starts.add(run.type() + " " + at + " " + run.length());
            }
        }
        return starts;
    }

    private static TreeSet<String> starts(List<FreeSlot> slots) {
        TreeSet<String> starts = new TreeSet<>();
        slots.forEach(slot -> starts.add(slot.type() + " " + slot.start() + " " + Duration.between(slot.start(), slot.end())));
        return starts;
    }
}
