package org.medbook.doctors.domain;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A doctor's working pattern: weekly wall-clock rules, date overrides, how much notice a booking
 * needs and how far ahead one may book. Overlapping hours are refused: a doctor is in one place at
 * a time.
 */
public record Schedule(List<WeeklyRule> weeklyRules, List<DateOverride> overrides, int minimumNoticeMinutes,
                       int horizonDays) {

    public static final int MAX_HORIZON_DAYS = 365;

    public Schedule {
        weeklyRules = List.copyOf(weeklyRules);
        overrides = List.copyOf(overrides);
        if (minimumNoticeMinutes < 0 || minimumNoticeMinutes > 60 * 24 * 30) {
            throw Window.invalid("minimumNoticeMinutes must be between 0 and 43200 (30 days)");
        }
        if (horizonDays < 1 || horizonDays > MAX_HORIZON_DAYS) {
            throw Window.invalid("horizonDays must be between 1 and " + MAX_HORIZON_DAYS);
        }
        Map<DayOfWeek, List<WeeklyRule>> byDay = weeklyRules.stream().collect(Collectors.groupingBy(WeeklyRule::day));
        byDay.forEach((day, rules) -> refuseOverlaps(rules.stream().map(WeeklyRule::window).toList(), day.toString()));
        Map<LocalDate, List<DateOverride>> byDate = overrides.stream().collect(Collectors.groupingBy(DateOverride::date));
        byDate.forEach((date, entries) -> {
            if (entries.size() > 1 && entries.stream().anyMatch(DateOverride::closedAllDay)) {
                throw Window.invalid("On " + date + " the doctor is either closed or has hours, not both");
            }
        });
        for (LocalDate date : byDate.keySet()) {
            refuseOverlaps(windowsOn(date, weeklyRules, byDate.get(date)), date.toString());
        }
    }

    public static Schedule empty() {
        return new Schedule(List.of(), List.of(), 120, 60);
    }

    public Set<UUID> locationIds() {
        Set<UUID> ids = weeklyRules.stream().map(WeeklyRule::locationId).filter(java.util.Objects::nonNull)
                .collect(Collectors.toSet());
        overrides.stream().map(DateOverride::locationId).filter(java.util.Objects::nonNull).forEach(ids::add);
        return ids;
    }

    /** The working windows of one local date: its overrides if any, otherwise the weekday's rules. */
    List<Window> windowsOn(LocalDate date) {
        List<DateOverride> forDate = overrides.stream().filter(entry -> entry.date().equals(date)).toList();
        return windowsOn(date, weeklyRules, forDate);
    }

    private static List<Window> windowsOn(LocalDate date, List<WeeklyRule> rules, List<DateOverride> forDate) {
        List<WeeklyRule> weekday = rules.stream().filter(rule -> rule.day() == date.getDayOfWeek())
                .sorted(Comparator.comparing(WeeklyRule::start)).toList();
        if (forDate.isEmpty()) {
            return weekday.stream().map(WeeklyRule::window).toList();
        }
        List<Window> windows = new ArrayList<>();
        for (DateOverride entry : forDate) {
            if (entry.closedAllDay()) {
                return List.of();
            }
            WeeklyRule template = weekday.isEmpty() ? null : weekday.get(0);
            Integer slot = entry.slotMinutes() != null ? entry.slotMinutes() : template == null ? null : template.slotMinutes();
            int buffer = entry.bufferMinutes() != null ? entry.bufferMinutes() : template == null ? 0 : template.bufferMinutes();
            var type = entry.type() != null ? entry.type() : template == null ? null : template.type();
            UUID location = entry.type() != null || entry.locationId() != null ? entry.locationId()
                    : template == null ? null : template.locationId();
            if (slot == null || type == null) {
                throw Window.invalid("The override on " + date + " needs slotMinutes and type (no weekly rule that day to copy)");
            }
            Window.validate(entry.start(), entry.end(), slot, buffer);
            Window.validatePlace(type, location);
            windows.add(new Window(entry.start(), entry.end(), slot, buffer, type, location));
        }
        windows.sort(Comparator.comparing(Window::start));
        return windows;
    }

    private static void refuseOverlaps(List<Window> windows, String when) {
        List<Window> sorted = windows.stream().sorted(Comparator.comparing(Window::start)).toList();
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i - 1).overlaps(sorted.get(i))) {
                throw Window.invalid("Working hours overlap on " + when);
            }
        }
    }
}
