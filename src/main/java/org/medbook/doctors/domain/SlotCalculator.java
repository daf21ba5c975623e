package org.medbook.doctors.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.medbook.doctors.ConsultationType;
import org.medbook.doctors.FreeSlot;
import org.medbook.doctors.TimeRange;

/**
 * Expands a schedule into free slots. Each working window is turned into two instants in the
 * doctor's zone (start at the earlier offset of an ambiguous time unless the hours before it already
 * ran into the second pass, end at the later one unless the whole window lies inside the repeated
 * hour, a start in a DST gap moves to the end of the gap) and cut in real elapsed time. So a DST day has exactly the slots that fit its real hours: none
 * invented in the skipped hour, none lost or repeated in the doubled one, and none shifted.
 */
public final class SlotCalculator {

    private SlotCalculator() {
    }

    public record Request(Instant from, Instant to, Instant now, ConsultationType type, UUID locationId) {
    }

    public static List<FreeSlot> freeSlots(Schedule schedule, ZoneId zone, Request request, List<TimeRange> timeOff,
            List<TimeRange> busy) {
        Instant earliest = max(request.from(), request.now().plus(Duration.ofMinutes(schedule.minimumNoticeMinutes())));
        Instant latest = min(request.to(), request.now().plus(Duration.ofDays(schedule.horizonDays())));
        if (!earliest.isBefore(latest)) {
            return List.of();
        }
        List<TimeRange> taken = new ArrayList<>(timeOff);
        taken.addAll(busy);
        List<FreeSlot> slots = new ArrayList<>();
        LocalDate last = latest.atZone(zone).toLocalDate();
        for (LocalDate date = earliest.atZone(zone).toLocalDate(); !date.isAfter(last); date = date.plusDays(1)) {
            Instant workedUntil = null;
            for (Window window : schedule.windowsOn(date)) {
                // Every window moves the cursor, matching or not, so a filter never shifts the others.
                Span span = span(window, date, zone, workedUntil);
                workedUntil = span.end();
                if (request.type() != null && window.type() != request.type()) {
                    continue;
                }
                if (request.locationId() != null && !request.locationId().equals(window.locationId())) {
                    continue;
                }
                cut(window, span, earliest, latest, taken, slots);
            }
        }
        slots.sort(Comparator.comparing(FreeSlot::start));
        return slots;
    }

    private record Span(Instant start, Instant end) {
    }

    /**
     * The real instants a window is worked between. When the hours before it on the same date ran
     * into the second pass of a repeated hour, the first pass of its start is already worked, so it
     * begins (and, if it lies inside that hour, ends) on the second pass: the doctor is never in
     * two windows at once.
     */
    private static Span span(Window window, LocalDate date, ZoneId zone, Instant workedUntil) {
        boolean insideOverlap = insideOneOverlap(date, window, zone);
        Instant start = instant(date, window.start(), zone, true);
        Instant end = instant(date, window.end(), zone, insideOverlap);
        if (workedUntil != null && start.isBefore(workedUntil)) {
            start = instant(date, window.start(), zone, false);
            if (insideOverlap) {
                end = instant(date, window.end(), zone, false);
            }
        }
        return new Span(start, end);
    }

    private static void cut(Window window, Span span, Instant earliest, Instant latest, List<TimeRange> taken,
            List<FreeSlot> slots) {
        Instant start = span.start();
        Instant end = span.end();
        Duration length = Duration.ofMinutes(window.slotMinutes());
        Duration step = length.plusMinutes(window.bufferMinutes());
        for (Instant slotStart = start; !slotStart.plus(length).isAfter(end); slotStart = slotStart.plus(step)) {
            if (slotStart.isBefore(earliest) || !slotStart.isBefore(latest)) {
                continue;
            }
            Instant slotEnd = slotStart.plus(length);
            Instant from = slotStart;
            if (taken.stream().noneMatch(range -> range.overlaps(from, slotEnd))) {
                slots.add(new FreeSlot(slotStart, slotEnd, window.type(), window.locationId()));
            }
        }
    }

    /**
     * A wall-clock time of a date as an instant: inside a gap, the moment the gap ends (the clocks
     * jump there, so no skipped time is worked and none of the hours after it is lost); in an
     * overlap, the earlier offset for a start and the later one for an end.
     */
    private static Instant instant(LocalDate date, LocalTime time, ZoneId zone, boolean start) {
        LocalDateTime local = date.atTime(time);
        ZoneOffsetTransition transition = zone.getRules().getTransition(local);
        if (transition != null && transition.isGap()) {
            return transition.getInstant();
        }
        ZonedDateTime zoned = ZonedDateTime.of(local, zone);
        return (start ? zoned.withEarlierOffsetAtOverlap() : zoned.withLaterOffsetAtOverlap()).toInstant();
    }

    /**
     * Whether the whole window lies inside one repeated hour: then it is worked once, on the first
     * pass, so that it ends at its wall-clock end instead of stretching into the second pass.
     */
    private static boolean insideOneOverlap(LocalDate date, Window window, ZoneId zone) {
        ZoneOffsetTransition atStart = zone.getRules().getTransition(date.atTime(window.start()));
        return atStart != null && atStart.isOverlap()
                && atStart.equals(zone.getRules().getTransition(date.atTime(window.end())));
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
