package org.medbook.doctors.domain;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medbook.doctors.ConsultationType;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medbook.doctors.ConsultationType.IN_PERSON;
import static org.medbook.doctors.ConsultationType.VIDEO;

/** What a schedule document may say: no overlapping hours, sane slot lengths, limits and places. */
class ScheduleTests {

    static final UUID PRAXIS = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    static final LocalDate DATE = LocalDate.of(2027, 6, 7);

    // ---------------------------------------------------------------- overlaps

    @Test
    void overlappingHoursOnOneWeekdayAreRefused() {
        assertInvalid(() -> schedule(List.of(
                video(DayOfWeek.MONDAY, "09:00", "12:00"),
                video(DayOfWeek.MONDAY, "11:30", "13:00"))), "overlap");
        assertInvalid(() -> schedule(List.of(
                video(DayOfWeek.MONDAY, "09:00", "17:00"),
                new WeeklyRule(DayOfWeek.MONDAY, t("10:00"), t("11:00"), 30, 0, IN_PERSON, PRAXIS))), "overlap");
        assertInvalid(() -> schedule(List.of(
                video(DayOfWeek.MONDAY, "09:00", "12:00"),
                video(DayOfWeek.MONDAY, "09:00", "12:00"))), "overlap");
    }

    @Test
    void backToBackHoursAndTheSameHoursOnOtherDaysAreAccepted() {
        Schedule schedule = schedule(List.of(
                video(DayOfWeek.MONDAY, "09:00", "12:00"),
                new WeeklyRule(DayOfWeek.MONDAY, t("12:00"), t("14:00"), 30, 0, IN_PERSON, PRAXIS),
                video(DayOfWeek.TUESDAY, "09:00", "12:00")));

        assertThat(schedule.weeklyRules()).hasSize(3);
        assertThat(schedule.locationIds()).containsExactly(PRAXIS);
    }

    @Test
    void overlappingOverridesOnOneDateAreRefused() {
        assertInvalid(() -> new Schedule(List.of(video(DayOfWeek.MONDAY, "09:00", "12:00")), List.of(
                new DateOverride(DATE, t("09:00"), t("11:00"), null, null, null, null),
                new DateOverride(DATE, t("10:59"), t("12:00"), null, null, null, null)), 0, 30), "overlap");
    }

    @Test
    void backToBackOverridesAndOverridesOnDifferentDatesAreAccepted() {
        Schedule schedule = new Schedule(List.of(video(DayOfWeek.MONDAY, "09:00", "12:00")), List.of(
                new DateOverride(DATE, t("09:00"), t("11:00"), null, null, null, null),
                new DateOverride(DATE, t("11:00"), t("12:00"), null, null, null, null),
                new DateOverride(DATE.plusWeeks(1), t("10:00"), t("12:00"), null, null, null, null)), 0, 30);

        assertThat(schedule.windowsOn(DATE)).extracting(Window::start).containsExactly(t("09:00"), t("11:00"));
        assertThat(schedule.windowsOn(DATE.plusWeeks(1))).extracting(Window::start).containsExactly(t("10:00"));
        assertThat(schedule.windowsOn(DATE.plusWeeks(2))).extracting(Window::start).containsExactly(t("09:00"));
    }

    @Test
    void aDateIsEitherClosedOrHasHoursNotBoth() {
        assertInvalid(() -> new Schedule(List.of(video(DayOfWeek.MONDAY, "09:00", "12:00")), List.of(
                DateOverride.closed(DATE),
                new DateOverride(DATE, t("09:00"), t("11:00"), null, null, null, null)), 0, 30), "closed or has hours");
        assertInvalid(() -> new Schedule(List.of(video(DayOfWeek.MONDAY, "09:00", "12:00")), List.of(
                new DateOverride(DATE, t("13:00"), t("14:00"), null, null, null, null),
                DateOverride.closed(DATE)), 0, 30), "closed or has hours");
    }

    @Test
    void aClosedDateHasNoWindowsAndDoesNotNeedARule() {
        Schedule schedule = new Schedule(List.of(video(DayOfWeek.MONDAY, "09:00", "12:00")),
                List.of(DateOverride.closed(DATE), DateOverride.closed(DATE.plusDays(1))), 0, 30);

        assertThat(schedule.windowsOn(DATE)).isEmpty();
        assertThat(schedule.windowsOn(DATE.plusDays(1))).isEmpty();
        assertThat(DateOverride.closed(DATE).closedAllDay()).isTrue();
    }

    @Test
    void anOverrideHasStartAndEndOrNeitherAndEndsAfterItStarts() {
        assertInvalid(() -> new DateOverride(DATE, t("09:00"), null, null, null, null, null), "both start and end");
        assertInvalid(() -> new DateOverride(DATE, null, t("09:00"), null, null, null, null), "both start and end");
        assertInvalid(() -> new DateOverride(DATE, t("09:00"), t("09:00"), null, null, null, null), "ends after");
        assertInvalid(() -> new DateOverride(DATE, t("10:00"), t("09:00"), null, null, null, null), "ends after");
    }

    @Test
    void aRuleEndsAfterItStarts() {
        assertInvalid(() -> video(DayOfWeek.MONDAY, "09:00", "09:00"), "end after");
        assertInvalid(() -> video(DayOfWeek.MONDAY, "17:00", "09:00"), "end after");
        assertInvalid(() -> new WeeklyRule(DayOfWeek.MONDAY, null, t("09:00"), 30, 0, VIDEO, null), "end after");
    }

    @Test
    void aRuleWithoutDayOrTypeAndAnOverrideWithoutDateAreInvalidSchedules() {
        assertInvalid(() -> new WeeklyRule(null, t("09:00"), t("12:00"), 30, 0, VIDEO, null), "dayOfWeek and a type");
        assertInvalid(() -> new WeeklyRule(DayOfWeek.MONDAY, t("09:00"), t("12:00"), 30, 0, null, null), "dayOfWeek and a type");
        assertInvalid(() -> new DateOverride(null, t("09:00"), t("12:00"), 30, 0, VIDEO, null), "needs a date");
    }

    // ---------------------------------------------------------------- bounds

    @ParameterizedTest(name = "slotMinutes {0} is refused")
    @ValueSource(ints = {-30, 0, 4, 481, 1440})
    void slotLengthsOutsideFiveToFourHundredEightyMinutesAreRefused(int slotMinutes) {
        assertInvalid(() -> new WeeklyRule(DayOfWeek.MONDAY, t("08:00"), t("18:00"), slotMinutes, 0, VIDEO, null),
                "between 5 and 480");
        assertInvalid(() -> new Schedule(List.of(video(DayOfWeek.MONDAY, "08:00", "18:00")),
                List.of(new DateOverride(DATE, t("08:00"), t("18:00"), slotMinutes, null, null, null)), 0, 30),
                "between 5 and 480");
    }

    @ParameterizedTest(name = "slotMinutes {0} is accepted")
    @ValueSource(ints = {5, 30, 480})
    void slotLengthsFromFiveToFourHundredEightyMinutesAreAccepted(int slotMinutes) {
        WeeklyRule rule = new WeeklyRule(DayOfWeek.MONDAY, t("08:00"), t("18:00"), slotMinutes, 0, VIDEO, null);

        assertThat(rule.slotMinutes()).isEqualTo(slotMinutes);
    }

    @ParameterizedTest(name = "bufferMinutes {0} is refused")
    @ValueSource(ints = {-1, 241})
    void buffersOutsideZeroToTwoHundredFortyMinutesAreRefused(int bufferMinutes) {
        assertInvalid(() -> new WeeklyRule(DayOfWeek.MONDAY, t("08:00"), t("18:00"), 30, bufferMinutes, VIDEO, null),
                "buffer");
        assertInvalid(() -> new Schedule(List.of(video(DayOfWeek.MONDAY, "08:00", "18:00")),
                List.of(new DateOverride(DATE, t("08:00"), t("18:00"), null, bufferMinutes, null, null)), 0, 30),
                "buffer");
    }

    @ParameterizedTest(name = "bufferMinutes {0} is accepted")
    @ValueSource(ints = {0, 240})
    void buffersFromZeroToTwoHundredFortyMinutesAreAccepted(int bufferMinutes) {
        assertThatCode(() -> new WeeklyRule(DayOfWeek.MONDAY, t("08:00"), t("18:00"), 30, bufferMinutes, VIDEO, null))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "minimumNoticeMinutes {0} is refused")
    @ValueSource(ints = {-1, 43201, Integer.MAX_VALUE})
    void noticeOutsideZeroToThirtyDaysIsRefused(int notice) {
        assertInvalid(() -> new Schedule(List.of(), List.of(), notice, 30), "minimumNoticeMinutes");
    }

    @ParameterizedTest(name = "minimumNoticeMinutes {0} is accepted")
    @ValueSource(ints = {0, 120, 43200})
    void noticeFromZeroToThirtyDaysIsAccepted(int notice) {
        assertThat(new Schedule(List.of(), List.of(), notice, 30).minimumNoticeMinutes()).isEqualTo(notice);
    }

    @ParameterizedTest(name = "horizonDays {0} is refused")
    @ValueSource(ints = {-1, 0, 366})
    void horizonOutsideOneToThreeHundredSixtyFiveDaysIsRefused(int horizon) {
        assertInvalid(() -> new Schedule(List.of(), List.of(), 0, horizon), "horizonDays");
    }

    @ParameterizedTest(name = "horizonDays {0} is accepted")
    @ValueSource(ints = {1, 60, 365})
    void horizonFromOneToThreeHundredSixtyFiveDaysIsAccepted(int horizon) {
        assertThat(new Schedule(List.of(), List.of(), 0, horizon).horizonDays()).isEqualTo(horizon);
    }

    // ---------------------------------------------------------------- places

    @Test
    void videoHoursHaveNoLocationAndInPersonHoursNeedOne() {
        assertInvalid(() -> new WeeklyRule(DayOfWeek.MONDAY, t("09:00"), t("12:00"), 30, 0, VIDEO, PRAXIS),
                "Video hours have no location");
        assertInvalid(() -> new WeeklyRule(DayOfWeek.MONDAY, t("09:00"), t("12:00"), 30, 0, IN_PERSON, null),
                "In-person hours need a locationId");
    }

    @Test
    void overridesFollowTheSamePlaceRules() {
        List<WeeklyRule> videoMonday = List.of(video(DayOfWeek.MONDAY, "09:00", "12:00"));

        assertInvalid(() -> new Schedule(videoMonday,
                List.of(new DateOverride(DATE, t("09:00"), t("12:00"), null, null, IN_PERSON, null)), 0, 30),
                "In-person hours need a locationId");
        assertInvalid(() -> new Schedule(videoMonday,
                List.of(new DateOverride(DATE, t("09:00"), t("12:00"), null, null, VIDEO, PRAXIS)), 0, 30),
                "Video hours have no location");
        assertInvalid(() -> new Schedule(videoMonday,
                List.of(new DateOverride(DATE, t("09:00"), t("12:00"), null, null, null, PRAXIS)), 0, 30),
                "Video hours have no location");
    }

    @Test
    void anOverrideOnADayWithoutRulesNamesItsSlotAndType() {
        LocalDate tuesday = DATE.plusDays(1);
        List<WeeklyRule> mondayOnly = List.of(video(DayOfWeek.MONDAY, "09:00", "12:00"));

        assertInvalid(() -> new Schedule(mondayOnly,
                List.of(new DateOverride(tuesday, t("09:00"), t("12:00"), null, null, VIDEO, null)), 0, 30), "needs slotMinutes");
        assertInvalid(() -> new Schedule(mondayOnly,
                List.of(new DateOverride(tuesday, t("09:00"), t("12:00"), 30, null, null, null)), 0, 30), "needs slotMinutes");
        assertThat(new Schedule(mondayOnly,
                List.of(new DateOverride(tuesday, t("09:00"), t("12:00"), 30, null, IN_PERSON, PRAXIS)), 0, 30)
                .locationIds()).containsExactly(PRAXIS);
    }

    @Test
    void aScheduleKeepsItsOwnCopyOfTheLists() {
        List<WeeklyRule> rules = new java.util.ArrayList<>(List.of(video(DayOfWeek.MONDAY, "09:00", "12:00")));
        Schedule schedule = schedule(rules);

        rules.add(video(DayOfWeek.MONDAY, "10:00", "11:00"));

        assertThat(schedule.weeklyRules()).hasSize(1);
        assertThatThrownBy(() -> schedule.weeklyRules().add(video(DayOfWeek.TUESDAY, "09:00", "10:00")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void anEmptyScheduleHasTheDefaultLimits() {
        Schedule empty = Schedule.empty();

        assertThat(empty.weeklyRules()).isEmpty();
        assertThat(empty.overrides()).isEmpty();
        assertThat(empty.minimumNoticeMinutes()).isEqualTo(120);
        assertThat(empty.horizonDays()).isEqualTo(60);
    }

    // ---------------------------------------------------------------- helpers

    static Schedule schedule(List<WeeklyRule> rules) {
        return new Schedule(rules, List.of(), 0, 30);
    }

    static WeeklyRule video(DayOfWeek day, String start, String end) {
        return new WeeklyRule(day, t(start), t(end), 30, 0, ConsultationType.VIDEO, null);
    }

    static LocalTime t(String time) {
        return LocalTime.parse(time);
    }

    static void assertInvalid(ThrowingCallable call, String detail) {
        assertThatThrownBy(call).isInstanceOfSatisfying(MedbookException.class, e -> {
            assertThat(e.kind()).isEqualTo(ProblemKind.RULE_BROKEN);
            assertThat(e.slug()).isEqualTo("invalid-schedule");
            assertThat(e.getMessage()).containsIgnoringCase(detail);
        });
    }
}
