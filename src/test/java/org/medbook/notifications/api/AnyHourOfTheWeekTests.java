package org.medbook.notifications.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.medbook.support.Api;
import org.medbook.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Slots and reminders do not depend on when the suite runs: with the clock pinned at fixed instants
 * across a week (a Monday morning, a Tuesday afternoon, the nights the clocks change in Berlin), the
 * free slots of the bookable doctor (every day 06:00-14:00 in person, 14:00-22:00 by video, Berlin)
 * are exactly the wall-clock half hours from now on, each with the offset of its own day, and a
 * visit's reminders fall due exactly 24 hours and 1 hour before it, those already past skipped.
 */
class AnyHourOfTheWeekTests extends NotificationTestSupport {

    @ParameterizedTest(name = "{0} {1} Berlin ({2})")
    @CsvSource({
            "2027-06-07, 07:10, Monday morning",
            "2027-06-07, 06:00, Monday at the first slot",
            "2027-06-08, 13:20, Tuesday afternoon before the switch to video",
            "2027-06-08, 14:25, Tuesday afternoon after the switch to video",
            "2027-03-27, 08:30, Saturday before the clocks go forward",
            "2027-03-28, 01:30, the last hour before the clocks go forward",
            "2027-10-30, 08:30, Saturday before the clocks go back",
            "2027-10-31, 02:30, the repeated hour, first time round",
            "2027-10-31, 23:50, Sunday night after the clocks went back"})
    void slotsAndRemindersAtAFixedInstant(LocalDate date, LocalTime time, String what) throws Exception {
        Instant now = ZonedDateTime.of(date, time, BERLIN).withEarlierOffsetAtOverlap().toInstant();
        clock.setTo(now);
        NewDoctor doctor = bookableDoctor();
        Patient patient = newPatient("pinned");

        LocalDate today = now.atZone(BERLIN).toLocalDate();
        Instant from = today.atStartOfDay(BERLIN).toInstant();
        Instant to = today.plusDays(7).atStartOfDay(BERLIN).toInstant();
        assertThat(slots(doctor.id(), "IN_PERSON", from, to))
                .containsExactlyElementsOf(expectedSlots(today, "06:00", "14:00", now));
        assertThat(slots(doctor.id(), "VIDEO", from, to))
                .containsExactlyElementsOf(expectedSlots(today, "14:00", "22:00", now));

        Instant start = ZonedDateTime.of(today.plusDays(1), LocalTime.of(10, 0), BERLIN).toInstant();
        String id = booked(patient, doctor.id(), start.atZone(BERLIN).toOffsetDateTime().toString(), "IN_PERSON", "CASH");
        Map<Long, Instant> expected = new LinkedHashMap<>();
        for (Duration before : List.of(Duration.ofHours(24), Duration.ofHours(1))) {
            if (start.minus(before).isAfter(now)) {
                expected.put(before.toSeconds(), start.minus(before));
            }
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> reminders(id).size() == expected.size());
        assertThat(reminders(id)).isEqualTo(expected);

        Instant firstDue = expected.values().stream().min(Instant::compareTo).orElseThrow();
        clock.advance(Duration.between(now, firstDue).plusSeconds(30));
        await().atMost(Duration.ofSeconds(15)).until(() -> reminders(id).size() == expected.size() - 1 && count(
                "SELECT count(*) FROM notifications WHERE kind = 'VISIT_REMINDER' AND data->>'bookingId' = ?", id) == 2);
    }

    private List<OffsetDateTime> slots(String doctorId, String type, Instant from, Instant to) {
        Api.Response slots = api.get("/api/v1/doctors/" + doctorId + "/slots?type=" + type + "&from=" + from + "&to=" + to,
                null);
        assertThat(slots.status()).as(slots.toString()).isEqualTo(200);
        return slots.body().path("slots").findValuesAsString("start").stream().map(OffsetDateTime::parse).toList();
    }

    /** Every half hour of [start, end) wall-clock in Berlin on the seven days from today, none before now. */
    private static List<OffsetDateTime> expectedSlots(LocalDate today, String start, String end, Instant now) {
        List<OffsetDateTime> expected = new ArrayList<>();
        for (LocalDate day = today; day.isBefore(today.plusDays(7)); day = day.plusDays(1)) {
            for (LocalDateTime t = day.atTime(LocalTime.parse(start)); t.isBefore(day.atTime(LocalTime.parse(end)));
                    t = t.plusMinutes(30)) {
                ZonedDateTime slot = t.atZone(BERLIN);
                if (!slot.toInstant().isBefore(now)) {
                    expected.add(slot.toOffsetDateTime());
                }
            }
        }
        return expected;
    }

    /** The booking's reminder rows: offset in seconds to due time. */
    private static Map<Long, Instant> reminders(String bookingId) throws Exception {
        Map<Long, Instant> rows = new LinkedHashMap<>();
        try (Connection connection = TestDatabase.connect();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT offset_seconds, due_at FROM notification_reminders WHERE booking_id = ? ORDER BY due_at DESC")) {
            statement.setObject(1, UUID.fromString(bookingId));
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.put(result.getLong(1), result.getObject(2, OffsetDateTime.class).toInstant());
                }
            }
        }
        return rows;
    }
}
