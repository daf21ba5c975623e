package org.medbook.doctors.domain;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.medbook.doctors.ConsultationType;
import org.medbook.doctors.FreeSlot;
import org.medbook.doctors.TimeRange;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medbook.doctors.ConsultationType.IN_PERSON;
import static org.medbook.doctors.ConsultationType.VIDEO;

/**
 * The pure slot expansion: wall-clock rules become real instants in the doctor's zone, cut in real
 * elapsed time, then trimmed by notice, horizon, the query window, time off and booked times.
 */
class SlotCalculatorTests {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    static final UUID PRAXIS_MITTE = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    static final UUID PRAXIS_WEST = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    /** A plain week in June 2027, far from any DST change: Monday 7th to Sunday 13th. */
    static final LocalDate MONDAY = LocalDate.of(2027, 6, 7);

    // ---------------------------------------------------------------- DST days

    @Nested
    class DaylightSavingDays {

        @ParameterizedTest(name = "{0} {1}: 09:00-17:00 keeps its wall-clock times at {2}")
        @CsvSource({
                "Europe/Berlin,    2026-03-29, +02:00",
                "Europe/Berlin,    2026-10-25, +01:00",
                "Europe/Berlin,    2027-03-28, +02:00",
                "Europe/Berlin,    2027-10-31, +01:00",
                "America/New_York, 2026-03-08, -04:00",
                "America/New_York, 2026-11-01, -05:00",
                "America/New_York, 2027-03-14, -04:00",
                "America/New_York, 2027-11-07, -05:00"})
        void aDayRuleOnATransitionDayHasItsUsualSixteenSlots(String zoneId, LocalDate date, String offset) {
            ZoneId zone = ZoneId.of(zoneId);
            assertThat(zone.getRules().getOffset(date.atStartOfDay(zone).toInstant()))
                    .as("%s is a transition day in %s", date, zone)
                    .isNotEqualTo(zone.getRules().getOffset(date.plusDays(1).atStartOfDay(zone).toInstant()));
            Schedule schedule = schedule(rule(date.getDayOfWeek(), "09:00", "17:00", 30, 0, VIDEO, null));

            List<FreeSlot> slots = slotsOnDate(schedule, zone, date);

            assertThat(localStarts(slots, zone)).containsExactlyElementsOf(everyHalfHour("09:00", "16:30"));
            assertThat(slots).allSatisfy(slot -> {
                assertThat(slot.start().atZone(zone).toLocalDate()).isEqualTo(date);
                assertThat(slot.start().atZone(zone).getOffset()).isEqualTo(ZoneOffset.of(offset));
                assertThat(Duration.between(slot.start(), slot.end())).isEqualTo(Duration.ofMinutes(30));
            });
            assertThat(slots.getFirst().start()).isEqualTo(OffsetDateTime.of(date, LocalTime.of(9, 0),
                    ZoneOffset.of(offset)).toInstant());
        }

        @ParameterizedTest(name = "{0} {1}: 00:00-05:00 has 4 real hours")
        @CsvSource({
                "Europe/Berlin,    2026-03-29, +01:00, +02:00",
                "Europe/Berlin,    2027-03-28, +01:00, +02:00",
                "America/New_York, 2026-03-08, -05:00, -04:00",
                "America/New_York, 2027-03-14, -05:00, -04:00"})
        void aNightAcrossSpringForwardHasOnlyTheRealHours(String zoneId, LocalDate date, String before, String after) {
            ZoneId zone = ZoneId.of(zoneId);
            Schedule schedule = schedule(rule(date.getDayOfWeek(), "00:00", "05:00", 30, 0, VIDEO, null));

            List<FreeSlot> slots = slotsOnDate(schedule, zone, date);

            assertThat(slots).hasSize(8);
            assertThat(offsetStarts(slots, zone)).containsExactly(
                    at(date, "00:00", before), at(date, "00:30", before), at(date, "01:00", before),
                    at(date, "01:30", before), at(date, "03:00", after), at(date, "03:30", after),
                    at(date, "04:00", after), at(date, "04:30", after));
            assertThat(localStarts(slots, zone)).noneMatch(time -> time.getHour() == 2);
            assertEvenlySpaced(slots, Duration.ofMinutes(30));
        }

        @ParameterizedTest(name = "{0} {1}: 00:00-05:00 has 6 real hours")
        @CsvSource({
                "Europe/Berlin,    2026-10-25, 02, +02:00, +01:00",
                "Europe/Berlin,    2027-10-31, 02, +02:00, +01:00",
                "America/New_York, 2026-11-01, 01, -04:00, -05:00",
                "America/New_York, 2027-11-07, 01, -04:00, -05:00"})
        void aNightAcrossFallBackHasTheRepeatedHourTwice(String zoneId, LocalDate date, int repeatedHour, String before,
                String after) {
            ZoneId zone = ZoneId.of(zoneId);
            Schedule schedule = schedule(rule(date.getDayOfWeek(), "00:00", "05:00", 30, 0, VIDEO, null));

            List<FreeSlot> slots = slotsOnDate(schedule, zone, date);

            assertThat(slots).hasSize(12);
            List<OffsetDateTime> expected = new ArrayList<>();
            for (int hour = 0; hour < 5; hour++) {
                String offset = hour < repeatedHour ? before : after;
                if (hour == repeatedHour) {
                    expected.add(at(date, "%02d:00".formatted(hour), before));
                    expected.add(at(date, "%02d:30".formatted(hour), before));
                }
                expected.add(at(date, "%02d:00".formatted(hour), offset));
                expected.add(at(date, "%02d:30".formatted(hour), offset));
            }
            assertThat(offsetStarts(slots, zone)).containsExactlyElementsOf(expected);
            assertThat(slots.stream().map(FreeSlot::start).distinct()).hasSize(12);
            assertThat(slots).isSortedAccordingTo(java.util.Comparator.comparing(FreeSlot::start));
            assertEvenlySpaced(slots, Duration.ofMinutes(30));
            assertThat(Duration.between(slots.getFirst().start(), slots.getLast().end())).isEqualTo(Duration.ofHours(6));
        }

        @ParameterizedTest(name = "{0}: the days around {1} keep their own offsets")
        @CsvSource({
                "Europe/Berlin,    2027-03-28, +01:00, +02:00, 8",
                "Europe/Berlin,    2027-10-31, +02:00, +01:00, 12",
                "America/New_York, 2027-03-14, -05:00, -04:00, 8",
                "America/New_York, 2027-11-07, -04:00, -05:00, 12"})
        void theDaysBeforeAndAfterATransitionAreUnaffected(String zoneId, LocalDate date, String before, String after,
                int nightSlotsOnTheDay) {
            ZoneId zone = ZoneId.of(zoneId);
            Schedule schedule = schedule(everyDay("00:00", "05:00", "09:00", "17:00"));
            LocalDate saturday = date.minusDays(1);
            LocalDate monday = date.plusDays(1);

            List<FreeSlot> slots = slots(schedule, zone, saturday.atStartOfDay(zone).toInstant(),
                    monday.plusDays(1).atStartOfDay(zone).toInstant());

            for (var day : List.of(new Object[] {saturday, before}, new Object[] {monday, after})) {
                LocalDate onDate = (LocalDate) day[0];
                ZoneOffset offset = ZoneOffset.of((String) day[1]);
                List<FreeSlot> ofDay = slots.stream().filter(s -> s.start().atZone(zone).toLocalDate().equals(onDate))
                        .toList();
                List<LocalTime> expected = new ArrayList<>(everyHalfHour("00:00", "04:30"));
                expected.addAll(everyHalfHour("09:00", "16:30"));
                assertThat(localStarts(ofDay, zone)).as("slots on %s", onDate).containsExactlyElementsOf(expected);
                assertThat(ofDay).allSatisfy(s -> assertThat(s.start().atZone(zone).getOffset()).isEqualTo(offset));
            }
            assertThat(slots.stream().filter(s -> s.start().atZone(zone).toLocalDate().equals(date)))
                    .as("the transition day itself").hasSize(nightSlotsOnTheDay + 16);
        }

        @ParameterizedTest(name = "{0} {1}: hours starting inside the skipped hour begin when it ends")
        @CsvSource({
                "Europe/Berlin,    2027-03-28, 03:00+02:00",
                "America/New_York, 2027-03-14, 03:00-04:00"})
        void hoursStartingInTheSkippedHourBeginAtTheEndOfTheGap(String zoneId, LocalDate date, String gapEnd) {
            ZoneId zone = ZoneId.of(zoneId);
            Schedule schedule = schedule(rule(date.getDayOfWeek(), "02:30", "05:00", 30, 0, VIDEO, null));

            List<FreeSlot> slots = slotsOnDate(schedule, zone, date);

            assertThat(slots.getFirst().start()).isEqualTo(OffsetDateTime.parse(date + "T" + gapEnd).toInstant());
            assertThat(localStarts(slots, zone)).containsExactlyElementsOf(everyHalfHour("03:00", "04:30"));
        }

        @ParameterizedTest(name = "{0} {1}: hours ending inside the skipped hour end when it begins")
        @CsvSource({
                "Europe/Berlin,    2027-03-28",
                "America/New_York, 2027-03-14"})
        void hoursEndingInTheSkippedHourNeverReachPastIt(String zoneId, LocalDate date) {
            ZoneId zone = ZoneId.of(zoneId);
            Schedule schedule = schedule(rule(date.getDayOfWeek(), "01:00", "02:30", 30, 0, VIDEO, null));

            List<FreeSlot> slots = slotsOnDate(schedule, zone, date);

            assertThat(localStarts(slots, zone)).as("no slot outside 01:00-02:30 wall-clock")
                    .containsExactly(LocalTime.of(1, 0), LocalTime.of(1, 30));
            assertThat(slots.getLast().end().atZone(zone).toLocalTime()).isEqualTo(LocalTime.of(3, 0));
        }

        @Test
        void hoursEndingInsideTheRepeatedHourRunToItsSecondPass() {
            LocalDate date = LocalDate.of(2027, 10, 31);
            Schedule schedule = schedule(rule(DayOfWeek.SUNDAY, "00:00", "02:30", 30, 0, VIDEO, null));

            List<FreeSlot> slots = slotsOnDate(schedule, BERLIN, date);

            assertThat(offsetStarts(slots, BERLIN)).as("00:00 to the second 02:30: three and a half real hours")
                    .containsExactly(at(date, "00:00", "+02:00"), at(date, "00:30", "+02:00"),
                            at(date, "01:00", "+02:00"), at(date, "01:30", "+02:00"), at(date, "02:00", "+02:00"),
                            at(date, "02:30", "+02:00"), at(date, "02:00", "+01:00"));
            assertThat(slots.getLast().end()).isEqualTo(at(date, "02:30", "+01:00").toInstant());
        }

        @Test
        void hoursFollowingHoursThatRanIntoTheSecondPassBeginOnThatPass() {
            LocalDate date = LocalDate.of(2027, 10, 31);
            Schedule schedule = schedule(rule(DayOfWeek.SUNDAY, "00:00", "02:30", 30, 0, VIDEO, null),
                    rule(DayOfWeek.SUNDAY, "02:30", "04:00", 30, 0, IN_PERSON, PRAXIS_MITTE));

            List<FreeSlot> slots = slotsOnDate(schedule, BERLIN, date);

            assertThat(offsetStarts(slots, BERLIN)).as("00:00 to 04:00 wall-clock is five real hours, worked once")
                    .containsExactly(at(date, "00:00", "+02:00"), at(date, "00:30", "+02:00"),
                            at(date, "01:00", "+02:00"), at(date, "01:30", "+02:00"), at(date, "02:00", "+02:00"),
                            at(date, "02:30", "+02:00"), at(date, "02:00", "+01:00"), at(date, "02:30", "+01:00"),
                            at(date, "03:00", "+01:00"), at(date, "03:30", "+01:00"));
            assertThat(slots).extracting(FreeSlot::type).containsExactly(VIDEO, VIDEO, VIDEO, VIDEO, VIDEO, VIDEO,
                    VIDEO, IN_PERSON, IN_PERSON, IN_PERSON);
            assertEvenlySpaced(slots, Duration.ofMinutes(30));
        }

        @Test
        void hoursInsideTheRepeatedHourAfterHoursThatRanIntoItAreWorkedOnItsSecondPass() {
            LocalDate date = LocalDate.of(2027, 10, 31);
            Schedule schedule = schedule(rule(DayOfWeek.SUNDAY, "01:00", "02:30", 30, 0, VIDEO, null),
                    rule(DayOfWeek.SUNDAY, "02:40", "02:55", 5, 0, IN_PERSON, PRAXIS_MITTE));

            List<FreeSlot> slots = slotsOnDate(schedule, BERLIN, date);

            assertThat(offsetStarts(slots, BERLIN)).containsExactly(at(date, "01:00", "+02:00"),
                    at(date, "01:30", "+02:00"), at(date, "02:00", "+02:00"), at(date, "02:30", "+02:00"),
                    at(date, "02:00", "+01:00"), at(date, "02:40", "+01:00"), at(date, "02:45", "+01:00"),
                    at(date, "02:50", "+01:00"));
            assertThat(slots.getLast().end()).isEqualTo(at(date, "02:55", "+01:00").toInstant());
        }

        @Test
        void aTypeFilterDoesNotMoveTheHoursThatFollowIntoTheRepeatedHour() {
            LocalDate date = LocalDate.of(2027, 10, 31);
            Schedule schedule = schedule(rule(DayOfWeek.SUNDAY, "00:00", "02:30", 30, 0, VIDEO, null),
                    rule(DayOfWeek.SUNDAY, "02:30", "04:00", 30, 0, IN_PERSON, PRAXIS_MITTE));
            Instant from = date.atStartOfDay(BERLIN).toInstant();

            List<FreeSlot> inPerson = SlotCalculator.freeSlots(schedule, BERLIN, new SlotCalculator.Request(from,
                    from.plus(Duration.ofDays(1)), from.minus(Duration.ofDays(7)), IN_PERSON, null), List.of(), List.of());

            assertThat(offsetStarts(inPerson, BERLIN)).containsExactly(at(date, "02:30", "+01:00"),
                    at(date, "03:00", "+01:00"), at(date, "03:30", "+01:00"));
        }

        @Test
        void overridesOnAFallBackDateAreWorkedInTheirWallClockOrderWhateverOrderTheyAreListedIn() {
            LocalDate date = LocalDate.of(2027, 10, 31);
            Schedule schedule = new Schedule(List.of(), List.of(
                    new DateOverride(date, t("02:30"), t("04:00"), 30, 0, IN_PERSON, PRAXIS_MITTE),
                    new DateOverride(date, t("00:00"), t("02:30"), 30, 0, VIDEO, null)), 0, 365);

            List<FreeSlot> slots = slotsOnDate(schedule, BERLIN, date);

            assertThat(slots).hasSize(10);
            assertThat(slots.get(6).start()).isEqualTo(at(date, "02:00", "+01:00").toInstant());
            assertThat(slots.get(7).start()).isEqualTo(at(date, "02:30", "+01:00").toInstant());
            assertThat(slots.get(7).type()).isEqualTo(IN_PERSON);
            assertEvenlySpaced(slots, Duration.ofMinutes(30));
        }

        @Test
        void hoursEntirelyInsideTheRepeatedHourAreWorkedOnceAndEndAtTheirWallClockEnd() {
            LocalDate date = LocalDate.of(2027, 10, 31);
            Schedule schedule = schedule(rule(DayOfWeek.SUNDAY, "02:00", "02:30", 30, 0, VIDEO, null),
                    rule(DayOfWeek.SUNDAY, "02:40", "02:55", 5, 0, IN_PERSON, PRAXIS_MITTE));

            List<FreeSlot> slots = slotsOnDate(schedule, BERLIN, date);

            assertThat(offsetStarts(slots, BERLIN)).containsExactly(at(date, "02:00", "+02:00"),
                    at(date, "02:40", "+02:00"), at(date, "02:45", "+02:00"), at(date, "02:50", "+02:00"));
            assertThat(slots).allSatisfy(slot -> assertThat(slot.end().atZone(BERLIN).toLocalTime())
                    .as("no slot past the wall-clock end").isBeforeOrEqualTo(LocalTime.of(2, 55)));
            assertThat(slotsOnDate(schedule, BERLIN, date.plusWeeks(1))).hasSize(4);
        }

        @Test
        void hoursEntirelyInsideTheSkippedHourGiveNoSlots() {
            LocalDate date = LocalDate.of(2027, 3, 28);
            Schedule schedule = schedule(rule(DayOfWeek.SUNDAY, "02:00", "02:55", 5, 0, VIDEO, null));

            assertThat(slotsOnDate(schedule, BERLIN, date)).isEmpty();
            assertThat(slotsOnDate(schedule, BERLIN, date.plusWeeks(1))).hasSize(11);
        }

        @Test
        void hoursStartingExactlyAtTheSkippedHourBeginAtThreeOClock() {
            LocalDate date = LocalDate.of(2027, 3, 14);
            Schedule schedule = schedule(rule(DayOfWeek.SUNDAY, "02:00", "04:00", 60, 0, VIDEO, null));

            List<FreeSlot> slots = slotsOnDate(schedule, NEW_YORK, date);

            assertThat(offsetStarts(slots, NEW_YORK)).containsExactly(at(date, "03:00", "-04:00"));
        }
    }

    // ---------------------------------------------------------------- cutting

    @Test
    void aBufferSpacesSlotsAndTheLastSlotEndsWithinTheHours() {
        Schedule schedule = schedule(
                rule(DayOfWeek.MONDAY, "09:00", "10:45", 20, 10, VIDEO, null),
                rule(DayOfWeek.TUESDAY, "09:00", "10:50", 20, 10, VIDEO, null));

        List<FreeSlot> monday = slotsOnDate(schedule, BERLIN, MONDAY);
        List<FreeSlot> tuesday = slotsOnDate(schedule, BERLIN, MONDAY.plusDays(1));

        assertThat(localStarts(monday, BERLIN)).containsExactly(LocalTime.of(9, 0), LocalTime.of(9, 30), LocalTime.of(10, 0));
        assertThat(monday).allSatisfy(s -> assertThat(Duration.between(s.start(), s.end())).isEqualTo(Duration.ofMinutes(20)));
        assertThat(monday.getLast().end().atZone(BERLIN).toLocalTime()).isEqualTo(LocalTime.of(10, 20));
        assertThat(localStarts(tuesday, BERLIN)).as("a slot ending exactly at the end of the hours fits")
                .containsExactly(LocalTime.of(9, 0), LocalTime.of(9, 30), LocalTime.of(10, 0), LocalTime.of(10, 30));
        assertThat(tuesday.getLast().end().atZone(BERLIN).toLocalTime()).isEqualTo(LocalTime.of(10, 50));
    }

    @Test
    void hoursShorterThanASlotGiveNone() {
        Schedule schedule = schedule(rule(DayOfWeek.MONDAY, "09:00", "09:25", 30, 0, VIDEO, null));

        assertThat(slotsOnDate(schedule, BERLIN, MONDAY)).isEmpty();
    }

    @Test
    void slotsStartAtOrAfterTheRequestedStartAndBeforeItsEnd() {
        Schedule schedule = schedule(rule(DayOfWeek.MONDAY, "09:00", "17:00", 30, 0, VIDEO, null));

        List<FreeSlot> slots = slots(schedule, BERLIN, local(MONDAY, "10:15"), local(MONDAY, "12:00"));
        List<FreeSlot> exact = slots(schedule, BERLIN, local(MONDAY, "10:00"), local(MONDAY, "12:01"));

        assertThat(localStarts(slots, BERLIN)).as("10:00 has begun before from; 12:00 is not before to")
                .containsExactlyElementsOf(everyHalfHour("10:30", "11:30"));
        assertThat(localStarts(exact, BERLIN)).containsExactlyElementsOf(everyHalfHour("10:00", "12:00"));
    }

    @Test
    void minimumNoticeHidesSlotsStartingTooSoon() {
        Schedule schedule = new Schedule(List.of(rule(DayOfWeek.MONDAY, "09:00", "17:00", 30, 0, VIDEO, null)),
                List.of(), 60, 30);
        Instant dayStart = MONDAY.atStartOfDay(BERLIN).toInstant();
        Instant dayEnd = MONDAY.plusDays(1).atStartOfDay(BERLIN).toInstant();

        List<FreeSlot> at0910 = SlotCalculator.freeSlots(schedule, BERLIN,
                new SlotCalculator.Request(dayStart, dayEnd, local(MONDAY, "09:10"), null, null), List.of(), List.of());
        List<FreeSlot> at0900 = SlotCalculator.freeSlots(schedule, BERLIN,
                new SlotCalculator.Request(dayStart, dayEnd, local(MONDAY, "09:00"), null, null), List.of(), List.of());

        assertThat(localStarts(at0910, BERLIN)).as("09:30 and 10:00 are less than 60 minutes after 09:10")
                .containsExactlyElementsOf(everyHalfHour("10:30", "16:30"));
        assertThat(localStarts(at0900, BERLIN)).as("exactly 60 minutes of notice is enough")
                .containsExactlyElementsOf(everyHalfHour("10:00", "16:30"));
    }

    @Test
    void theHorizonEndsBookingSoManyDaysAfterNow() {
        Schedule schedule = new Schedule(everyDay("09:00", "17:00"), List.of(), 0, 2);
        Instant now = local(MONDAY, "12:00");

        List<FreeSlot> slots = SlotCalculator.freeSlots(schedule, BERLIN,
                new SlotCalculator.Request(now, local(MONDAY.plusDays(7), "00:00"), now, null, null), List.of(), List.of());

        assertThat(slots.getFirst().start()).isEqualTo(local(MONDAY, "12:00"));
        assertThat(slots.getLast().start()).as("the last slot starts before now + 2 days, 12:00 is not")
                .isEqualTo(local(MONDAY.plusDays(2), "11:30"));
        assertThat(slots).hasSize(10 + 16 + 6);
    }

    @Test
    void aWindowEntirelyPastTheHorizonOrBeforeTheNoticeHasNoSlots() {
        Schedule schedule = new Schedule(everyDay("09:00", "17:00"), List.of(), 120, 1);
        Instant now = local(MONDAY, "08:00");

        assertThat(SlotCalculator.freeSlots(schedule, BERLIN, new SlotCalculator.Request(local(MONDAY.plusDays(2), "00:00"),
                local(MONDAY.plusDays(3), "00:00"), now, null, null), List.of(), List.of())).isEmpty();
        assertThat(SlotCalculator.freeSlots(schedule, BERLIN, new SlotCalculator.Request(local(MONDAY, "08:00"),
                local(MONDAY, "10:00"), now, null, null), List.of(), List.of())).isEmpty();
    }

    // ---------------------------------------------------------------- time off and bookings

    @Test
    void timeOffRemovesExactlyTheSlotsItOverlaps() {
        Schedule schedule = schedule(rule(DayOfWeek.MONDAY, "09:00", "12:00", 30, 0, VIDEO, null));

        List<FreeSlot> backToBack = slotsOnDate(schedule, BERLIN, MONDAY,
                List.of(range(MONDAY, "10:00", "10:30")), List.of());
        List<FreeSlot> partial = slotsOnDate(schedule, BERLIN, MONDAY,
                List.of(range(MONDAY, "10:15", "10:45")), List.of());
        List<FreeSlot> oneMinute = slotsOnDate(schedule, BERLIN, MONDAY,
                List.of(range(MONDAY, "11:59", "12:00")), List.of());
        List<FreeSlot> wholeDay = slotsOnDate(schedule, BERLIN, MONDAY,
                List.of(new TimeRange(local(MONDAY, "00:00"), local(MONDAY.plusDays(1), "00:00"))), List.of());

        assertThat(localStarts(backToBack, BERLIN)).containsExactly(t("09:00"), t("09:30"), t("10:30"), t("11:00"), t("11:30"));
        assertThat(localStarts(partial, BERLIN)).containsExactly(t("09:00"), t("09:30"), t("11:00"), t("11:30"));
        assertThat(localStarts(oneMinute, BERLIN)).containsExactlyElementsOf(everyHalfHour("09:00", "11:00"));
        assertThat(wholeDay).isEmpty();
    }

    @Test
    void bookedTimesRemoveOverlappingSlotsLikeTimeOff() {
        Schedule schedule = schedule(rule(DayOfWeek.MONDAY, "09:00", "12:00", 30, 0, VIDEO, null));

        List<FreeSlot> slots = slotsOnDate(schedule, BERLIN, MONDAY,
                List.of(range(MONDAY, "09:00", "09:30")),
                List.of(range(MONDAY, "11:10", "11:20"), range(MONDAY, "08:00", "09:00"), range(MONDAY, "12:00", "13:00")));

        assertThat(localStarts(slots, BERLIN)).containsExactly(t("09:30"), t("10:00"), t("10:30"), t("11:30"));
    }

    @Test
    void aBufferIsNotBlockedByTimeOffThatOnlyCoversIt() {
        Schedule schedule = schedule(rule(DayOfWeek.MONDAY, "09:00", "11:00", 20, 10, VIDEO, null));

        List<FreeSlot> slots = slotsOnDate(schedule, BERLIN, MONDAY, List.of(range(MONDAY, "09:20", "09:30")), List.of());

        assertThat(localStarts(slots, BERLIN)).containsExactlyElementsOf(everyHalfHour("09:00", "10:30"));
    }

    // ---------------------------------------------------------------- type and location

    @Test
    void typeAndLocationFiltersKeepOnlyMatchingHours() {
        Schedule schedule = schedule(
                rule(DayOfWeek.MONDAY, "09:00", "12:00", 30, 0, IN_PERSON, PRAXIS_MITTE),
                rule(DayOfWeek.MONDAY, "13:00", "15:00", 30, 0, IN_PERSON, PRAXIS_WEST),
                rule(DayOfWeek.MONDAY, "16:00", "18:00", 30, 0, VIDEO, null));

        List<FreeSlot> all = filtered(schedule, null, null);
        List<FreeSlot> video = filtered(schedule, VIDEO, null);
        List<FreeSlot> inPerson = filtered(schedule, IN_PERSON, null);
        List<FreeSlot> mitte = filtered(schedule, null, PRAXIS_MITTE);
        List<FreeSlot> westInPerson = filtered(schedule, IN_PERSON, PRAXIS_WEST);

        assertThat(all).hasSize(6 + 4 + 4);
        assertThat(video).hasSize(4).allSatisfy(s -> {
            assertThat(s.type()).isEqualTo(VIDEO);
            assertThat(s.locationId()).isNull();
        });
        assertThat(localStarts(video, BERLIN)).containsExactlyElementsOf(everyHalfHour("16:00", "17:30"));
        assertThat(inPerson).hasSize(10).allSatisfy(s -> assertThat(s.type()).isEqualTo(IN_PERSON));
        assertThat(mitte).hasSize(6).allSatisfy(s -> assertThat(s.locationId()).isEqualTo(PRAXIS_MITTE));
        assertThat(localStarts(westInPerson, BERLIN)).containsExactlyElementsOf(everyHalfHour("13:00", "14:30"));
        assertThat(filtered(schedule, VIDEO, PRAXIS_WEST)).as("video hours have no location").isEmpty();
        assertThat(filtered(schedule, null, UUID.randomUUID())).isEmpty();
    }

    // ---------------------------------------------------------------- overrides

    @Test
    void anOverrideReplacesTheWeekdaysRulesOnItsDateOnly() {
        Schedule schedule = new Schedule(
                List.of(rule(DayOfWeek.MONDAY, "09:00", "12:00", 20, 10, IN_PERSON, PRAXIS_MITTE),
                        rule(DayOfWeek.MONDAY, "14:00", "16:00", 30, 0, VIDEO, null)),
                List.of(new DateOverride(MONDAY, LocalTime.of(13, 0), LocalTime.of(15, 0), null, null, null, null)),
                0, 365);

        List<FreeSlot> overridden = slotsOnDate(schedule, BERLIN, MONDAY);
        List<FreeSlot> nextMonday = slotsOnDate(schedule, BERLIN, MONDAY.plusWeeks(1));

        assertThat(localStarts(overridden, BERLIN)).as("13:00-15:00 cut like the first Monday rule (20 + 10)")
                .containsExactly(t("13:00"), t("13:30"), t("14:00"), t("14:30"));
        assertThat(overridden).allSatisfy(s -> {
            assertThat(Duration.between(s.start(), s.end())).isEqualTo(Duration.ofMinutes(20));
            assertThat(s.type()).isEqualTo(IN_PERSON);
            assertThat(s.locationId()).isEqualTo(PRAXIS_MITTE);
        });
        assertThat(nextMonday).hasSize(6 + 4);
    }

    @Test
    void anOverrideWithItsOwnTypeDoesNotInheritTheRulesLocation() {
        Schedule schedule = new Schedule(
                List.of(rule(DayOfWeek.MONDAY, "09:00", "12:00", 30, 0, IN_PERSON, PRAXIS_MITTE)),
                List.of(new DateOverride(MONDAY, LocalTime.of(10, 0), LocalTime.of(11, 0), 60, null, VIDEO, null),
                        new DateOverride(MONDAY, LocalTime.of(11, 0), LocalTime.of(12, 0), null, null, null, PRAXIS_WEST)),
                0, 365);

        List<FreeSlot> slots = slotsOnDate(schedule, BERLIN, MONDAY);

        assertThat(slots).containsExactly(
                new FreeSlot(local(MONDAY, "10:00"), local(MONDAY, "11:00"), VIDEO, null),
                new FreeSlot(local(MONDAY, "11:00"), local(MONDAY, "11:30"), IN_PERSON, PRAXIS_WEST),
                new FreeSlot(local(MONDAY, "11:30"), local(MONDAY, "12:00"), IN_PERSON, PRAXIS_WEST));
    }

    @Test
    void aClosedDateHasNoSlotsAndTheOtherDaysKeepTheirs() {
        Schedule schedule = new Schedule(everyDay("09:00", "17:00"), List.of(DateOverride.closed(MONDAY.plusDays(2))),
                0, 365);

        List<FreeSlot> week = slots(schedule, BERLIN, local(MONDAY, "00:00"), local(MONDAY.plusDays(7), "00:00"));

        assertThat(week).hasSize(6 * 16);
        assertThat(week).noneMatch(s -> s.start().atZone(BERLIN).toLocalDate().equals(MONDAY.plusDays(2)));
    }

    @Test
    void anOverrideOpensADayWithoutRulesWhenItNamesTypeAndSlot() {
        Schedule schedule = new Schedule(List.of(rule(DayOfWeek.MONDAY, "09:00", "12:00", 30, 0, VIDEO, null)),
                List.of(new DateOverride(MONDAY.plusDays(6), LocalTime.of(10, 0), LocalTime.of(11, 0), 15, 5, VIDEO, null)),
                0, 365);

        List<FreeSlot> sunday = slotsOnDate(schedule, BERLIN, MONDAY.plusDays(6));

        assertThat(localStarts(sunday, BERLIN)).containsExactly(t("10:00"), t("10:20"), t("10:40"));
    }

    @Test
    void anOverrideWithoutTypeOnADayWithoutRulesIsRefused() {
        assertThatThrownBy(() -> new Schedule(List.of(rule(DayOfWeek.MONDAY, "09:00", "12:00", 30, 0, VIDEO, null)),
                List.of(new DateOverride(MONDAY.plusDays(1), LocalTime.of(10, 0), LocalTime.of(11, 0), 30, 0, null, null)),
                0, 365))
                .isInstanceOfSatisfying(MedbookException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProblemKind.RULE_BROKEN);
                    assertThat(e.slug()).isEqualTo("invalid-schedule");
                });
    }

    // ---------------------------------------------------------------- other zones

    @Test
    void aQueryWindowGivenInAnotherZoneSelectsByInstant() {
        Schedule schedule = schedule(everyDay("09:00", "17:00"));
        // Tuesday 00:00 to 18:00 in Tokyo is Monday 17:00 to Tuesday 11:00 in Berlin (summer time).
        Instant from = OffsetDateTime.parse("2027-06-08T00:00+09:00").toInstant();
        Instant to = OffsetDateTime.parse("2027-06-08T18:00+09:00").toInstant();

        List<FreeSlot> slots = slots(schedule, BERLIN, from, to);

        assertThat(offsetStarts(slots, BERLIN)).containsExactly(
                at(MONDAY.plusDays(1), "09:00", "+02:00"), at(MONDAY.plusDays(1), "09:30", "+02:00"),
                at(MONDAY.plusDays(1), "10:00", "+02:00"), at(MONDAY.plusDays(1), "10:30", "+02:00"));
        assertThat(slots.getFirst().start().atZone(TOKYO).toLocalTime()).isEqualTo(LocalTime.of(16, 0));
    }

    @Test
    void theSameRulesInNewYorkAreNewYorkWallClockTimes() {
        Schedule schedule = schedule(rule(DayOfWeek.MONDAY, "09:00", "10:00", 30, 0, VIDEO, null));

        List<FreeSlot> slots = slotsOnDate(schedule, NEW_YORK, MONDAY);

        assertThat(slots.stream().map(FreeSlot::start)).containsExactly(
                Instant.parse("2027-06-07T13:00:00Z"), Instant.parse("2027-06-07T13:30:00Z"));
    }

    // ---------------------------------------------------------------- helpers

    static WeeklyRule rule(DayOfWeek day, String start, String end, int slot, int buffer, ConsultationType type,
            UUID location) {
        return new WeeklyRule(day, LocalTime.parse(start), LocalTime.parse(end), slot, buffer, type, location);
    }

    /** Half-hour video hours on every day of the week, for each start/end pair. */
    static List<WeeklyRule> everyDay(String... startEndPairs) {
        List<WeeklyRule> rules = new ArrayList<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            for (int i = 0; i < startEndPairs.length; i += 2) {
                rules.add(rule(day, startEndPairs[i], startEndPairs[i + 1], 30, 0, VIDEO, null));
            }
        }
        return rules;
    }

    static Schedule schedule(WeeklyRule... rules) {
        return schedule(Arrays.asList(rules));
    }

    static Schedule schedule(List<WeeklyRule> rules) {
        return new Schedule(rules, List.of(), 0, 365);
    }

    /** Slots in [from, to) with "now" a week before from, so notice and horizon do not interfere. */
    static List<FreeSlot> slots(Schedule schedule, ZoneId zone, Instant from, Instant to) {
        return SlotCalculator.freeSlots(schedule, zone,
                new SlotCalculator.Request(from, to, from.minus(Duration.ofDays(7)), null, null), List.of(), List.of());
    }

    static List<FreeSlot> slotsOnDate(Schedule schedule, ZoneId zone, LocalDate date) {
        return slotsOnDate(schedule, zone, date, List.of(), List.of());
    }

    static List<FreeSlot> slotsOnDate(Schedule schedule, ZoneId zone, LocalDate date, List<TimeRange> timeOff,
            List<TimeRange> busy) {
        Instant from = date.atStartOfDay(zone).toInstant();
        Instant to = date.plusDays(1).atStartOfDay(zone).toInstant();
        return SlotCalculator.freeSlots(schedule, zone,
                new SlotCalculator.Request(from, to, from.minus(Duration.ofDays(7)), null, null), timeOff, busy);
    }

    static List<FreeSlot> filtered(Schedule schedule, ConsultationType type, UUID location) {
        Instant from = MONDAY.atStartOfDay(BERLIN).toInstant();
        return SlotCalculator.freeSlots(schedule, BERLIN, new SlotCalculator.Request(from, from.plus(Duration.ofDays(1)),
                from.minus(Duration.ofDays(1)), type, location), List.of(), List.of());
    }

    static Instant local(LocalDate date, String time) {
        return ZonedDateTime.of(date, LocalTime.parse(time), BERLIN).toInstant();
    }

    static TimeRange range(LocalDate date, String start, String end) {
        return new TimeRange(local(date, start), local(date, end));
    }

    static LocalTime t(String time) {
        return LocalTime.parse(time);
    }

    static OffsetDateTime at(LocalDate date, String time, String offset) {
        return OffsetDateTime.of(date, LocalTime.parse(time), ZoneOffset.of(offset));
    }

    static List<LocalTime> everyHalfHour(String first, String last) {
        List<LocalTime> times = new ArrayList<>();
        for (LocalTime time = LocalTime.parse(first); !time.isAfter(LocalTime.parse(last)); time = time.plusMinutes(30)) {
            times.add(time);
        }
        return times;
    }

    static List<LocalTime> localStarts(List<FreeSlot> slots, ZoneId zone) {
        return slots.stream().map(s -> s.start().atZone(zone).toLocalTime()).toList();
    }

    static List<OffsetDateTime> offsetStarts(List<FreeSlot> slots, ZoneId zone) {
        return slots.stream().map(s -> s.start().atZone(zone).toOffsetDateTime()).toList();
    }

    static void assertEvenlySpaced(List<FreeSlot> slots, Duration step) {
        for (int i = 1; i < slots.size(); i++) {
            assertThat(Duration.between(slots.get(i - 1).start(), slots.get(i).start()))
                    .as("from slot %d to %d", i - 1, i).isEqualTo(step);
        }
    }
}
