package org.medbook.notifications.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.notifications.application.NotificationStore;
import org.medbook.support.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Reminders before a visit: fired once, moved with the booking, dropped with it, skipped when too late. */
class ReminderTests extends NotificationTestSupport {

    @Autowired
    private NotificationStore store;

    @Test
    void bothSidesAreRemindedADayAndAnHourBeforeOnceEachAndOnlyThePatientBySms() throws Exception {
        NewDoctor doctor = bookableDoctor();
        PhonePatient patient = phonePatient();
        Instant now = clock.instant();
        String start = freeSlots(doctor.id(), "IN_PERSON", 7).stream()
                .filter(s -> instant(s).isAfter(now.plus(Duration.ofHours(49)))).findFirst().orElseThrow();
        String id = book(patient.token(), doctor.id(), start, "IN_PERSON", "CASH", UUID.randomUUID().toString()).text("id");
        await().atMost(Duration.ofSeconds(15)).until(() -> reminders(id) == 2);

        advanceTo(instant(start).minus(Duration.ofHours(24)).plusSeconds(30));
        String doctorToken = doctorLogin(doctor);
        await().atMost(Duration.ofSeconds(15)).until(() -> reminders(id) == 1 && count(
                "SELECT count(*) FROM notifications WHERE kind = 'VISIT_REMINDER' AND data->>'bookingId' = ?", id) == 2);
        assertThat(awaitNotification(doctorToken, "VISIT_REMINDER").path("title").asString()).isEqualTo("Your visit in 24 hours");
        await().atMost(Duration.ofSeconds(15)).until(() -> textsTo(patient.phone()).stream()
                .anyMatch(text -> text.contains("Your visit in 24 hours")));

        advanceTo(instant(start).minus(Duration.ofHours(1)).plusSeconds(30));
        await().atMost(Duration.ofSeconds(15)).until(() -> reminders(id) == 0 && count(
                "SELECT count(*) FROM notifications WHERE kind = 'VISIT_REMINDER' AND data->>'bookingId' = ?", id) == 4);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> count(
                "SELECT count(*) FROM notifications WHERE kind = 'VISIT_REMINDER' AND data->>'bookingId' = ?", id) == 4);
        assertThat(count("SELECT count(*) FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id"
                + " WHERE n.kind = 'VISIT_REMINDER' AND n.data->>'bookingId' = ? AND d.channel = 'SMS'", id)).isEqualTo(2);
    }

    @Test
    void aMovedBookingMovesItsRemindersACancelledOneDropsThemAndAPassedOffsetIsSkipped() throws Exception {
        NewDoctor doctor = bookableDoctor();
        String doctorToken = doctorLogin(doctor);
        Patient patient = newPatient("remind");
        Instant now = clock.instant();
        List<String> starts = freeSlots(doctor.id(), "IN_PERSON", 7);
        List<String> later = starts.stream().filter(s -> instant(s).isAfter(now.plus(Duration.ofHours(49)))).toList();
        String id = booked(patient, doctor.id(), later.get(0), "IN_PERSON", "CASH");
        await().atMost(Duration.ofSeconds(15)).until(() -> reminders(id) == 2);

        assertThat(reschedule(doctorToken, id, later.get(3)).status()).isEqualTo(200);
        Instant moved = instant(later.get(3));
        await().atMost(Duration.ofSeconds(15)).until(() -> count("SELECT count(*) FROM notification_reminders"
                + " WHERE booking_id = ? AND due_at IN (?, ?)", UUID.fromString(id),
                moved.minus(Duration.ofHours(24)).atOffset(ZoneOffset.UTC),
                moved.minus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC)) == 2);

        assertThat(cancel(patient.token, id, null).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> reminders(id) == 0);

        Slot soon = slotBetween(doctor.id(), now.plus(Duration.ofHours(2)), now.plus(Duration.ofHours(23)));
        String close = booked(patient, doctor.id(), soon.start(), soon.type(), "CASH");
        await().atMost(Duration.ofSeconds(15)).until(() -> reminders(close) == 1);
        assertThat(count("SELECT count(*) FROM notification_reminders WHERE booking_id = ? AND offset_seconds = 3600",
                UUID.fromString(close))).as("the day-before reminder had passed at booking time").isEqualTo(1);
    }

    /**
     * The fan-out writes a batch's reminders in one statement: each booking gets exactly the reminders of
     * the offsets still ahead, at its current start, and loses the others; a dropped booking loses all.
     */
    @Test
    void aBatchKeepsExactlyTheRemindersStillAheadForEachBookingAndDropsTheRest() throws Exception {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant far = now.plus(Duration.ofDays(30));
        List<Duration> offsets = List.of(Duration.ofHours(24), Duration.ofHours(1));
        UUID moved = UUID.randomUUID();
        UUID added = UUID.randomUUID();
        UUID tooSoon = UUID.randomUUID();
        UUID dropped = UUID.randomUUID();
        UUID untouched = UUID.randomUUID();
        store.scheduleReminders(Map.of(moved, far, dropped, far, untouched, far), offsets, now);
        assertThat(reminderRows(moved, dropped, untouched)).hasSize(6);

        Map<UUID, Instant> batch = new LinkedHashMap<>();
        batch.put(moved, now.plus(Duration.ofHours(5)));
        batch.put(added, far.plus(Duration.ofDays(1)));
        batch.put(tooSoon, now.plus(Duration.ofMinutes(30)));
        store.scheduleReminders(batch, offsets, now);
        store.dropReminders(List.of(dropped, tooSoon));

        assertThat(reminderRows(moved, added, tooSoon, dropped, untouched)).containsExactlyInAnyOrder(
                moved + " 3600 " + now.plus(Duration.ofHours(4)),
                added + " 86400 " + far,
                added + " 3600 " + far.plus(Duration.ofHours(23)),
                untouched + " 86400 " + far.minus(Duration.ofHours(24)),
                untouched + " 3600 " + far.minus(Duration.ofHours(1)));
    }

    /** The reminders of these bookings as "booking offset-seconds due-at". */
    private static List<String> reminderRows(UUID... bookings) throws Exception {
        List<String> rows = new java.util.ArrayList<>();
        try (Connection connection = TestDatabase.connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT booking_id, offset_seconds, due_at FROM notification_reminders WHERE booking_id = ANY(?)")) {
            query.setArray(1, connection.createArrayOf("uuid", bookings));
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getObject(1) + " " + result.getLong(2) + " "
                            + result.getObject(3, java.time.OffsetDateTime.class).toInstant());
                }
            }
        }
        return rows;
    }

    private static long reminders(String bookingId) throws Exception {
        return count("SELECT count(*) FROM notification_reminders WHERE booking_id = ?", UUID.fromString(bookingId));
    }
}
