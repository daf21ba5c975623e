package org.medbook.notifications.api;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Channels per category, the locked SECURITY category, quiet hours. */
class PreferenceTests extends NotificationTestSupport {

    private static final String PREFERENCES = "/api/v1/notification-preferences";

    @Test
    void everyCategoryAllowsEveryChannelUntilTheUserChoosesAndInAppCannotBeSwitchedOff() {
        Patient patient = newPatient("prefs");
        Api.Response defaults = api.get(PREFERENCES, patient.token);
        assertThat(defaults.status()).isEqualTo(200);
        assertThat(defaults.body().path("categories").path("BOOKINGS").toString())
                .contains("IN_APP", "EMAIL", "SMS", "PUSH");
        assertThat(defaults.body().has("quietHours")).isFalse();

        Api.Response chosen = api.put(PREFERENCES, Map.of("categories", Map.of("BOOKINGS", List.of(), "PAYMENTS",
                List.of("EMAIL")), "quietHours", Map.of("start", "22:00", "end", "07:00"), "timeZone", "Europe/Vienna"),
                patient.token);
        assertThat(chosen.status()).as(chosen.toString()).isEqualTo(200);
        JsonNode stored = api.get(PREFERENCES, patient.token).body();
        assertThat(stored.path("categories").path("BOOKINGS").toString()).isEqualTo("[\"IN_APP\"]");
        assertThat(stored.path("categories").path("PAYMENTS").toString()).isEqualTo("[\"IN_APP\",\"EMAIL\"]");
        assertThat(stored.path("categories").path("REMINDERS").size()).isEqualTo(4);
        assertThat(stored.path("quietHours").path("start").asString()).isEqualTo("22:00");
        assertThat(stored.path("timeZone").asString()).isEqualTo("Europe/Vienna");
        assertThat(chosen.body()).as("the answer is what was stored").isEqualTo(stored);
    }

    @Test
    void unknownNamesAreNamedAndSecurityCannotBeSwitchedOff() {
        Patient patient = newPatient("badprefs");
        Api.Response category = api.put(PREFERENCES, Map.of("categories", Map.of("NEWSLETTER", List.of("EMAIL"))), patient.token);
        assertThat(category.status()).isEqualTo(400);
        assertThat(category.problem()).isEqualTo("unknown-preference");
        assertThat(category.text("detail")).contains("NEWSLETTER");
        Api.Response channel = api.put(PREFERENCES, Map.of("categories", Map.of("BOOKINGS", List.of("PIGEON"))), patient.token);
        assertThat(channel.status()).isEqualTo(400);
        assertThat(channel.text("detail")).contains("PIGEON");
        Api.Response security = api.put(PREFERENCES, Map.of("categories", Map.of("SECURITY", List.of("IN_APP"))), patient.token);
        assertThat(security.status()).isEqualTo(422);
        assertThat(security.problem()).isEqualTo("category-locked");
        assertThat(security.text("detail")).contains("SECURITY");
        assertThat(api.put(PREFERENCES, Map.of("quietHours", Map.of("start", "22:00")), patient.token).problem())
                .isEqualTo("invalid-quiet-hours");
        assertThat(api.put(PREFERENCES, Map.of("timeZone", "Mars/Olympus"), patient.token).problem())
                .isEqualTo("invalid-time-zone");
        assertThat(api.get(PREFERENCES, patient.token).body().path("categories").path("SECURITY").size()).isEqualTo(4);
    }

    @Test
    void aCategoryWithoutEmailStillNotifiesInAppButSendsNoEmail() throws Exception {
        NewDoctor doctor = bookableDoctor();
        Patient patient = newPatient("inapponly");
        assertThat(api.put(PREFERENCES, Map.of("categories", Map.of("BOOKINGS", List.of("IN_APP"))), patient.token)
                .status()).isEqualTo(200);
        String id = booked(patient, doctor.id(), freeSlots(doctor.id(), "IN_PERSON", 7).get(0), "IN_PERSON", "CASH");
        awaitNotification(patient.token, "BOOKING_CONFIRMED");
        awaitMail(doctor.email(), "Booking confirmed");
        assertThat(count("SELECT count(*) FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id"
                + " WHERE n.recipient_id = ? AND n.data->>'bookingId' = ?", UUID.fromString(patient.id()), id)).isZero();
        assertThat(mailsWithSubject(patient.email, "Booking confirmed")).isZero();
    }

    @Test
    void quietHoursHoldEmailUntilTheyEndButNotInAppNorAChangeOnTheDayOfTheVisit() throws Exception {
        NewDoctor doctor = bookableDoctor();
        Patient patient = newPatient("quiet");
        Instant now = clock.instant();
        LocalTime until = quietAroundNow(patient, now);
        List<String> starts = freeSlots(doctor.id(), "IN_PERSON", 7);
        String later = moreThanTwoDaysAfter(now, starts);
        Slot soon = slotBetween(doctor.id(), now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(20)));
        String held = booked(patient, doctor.id(), later, "IN_PERSON", "CASH");
        awaitNotification(patient.token, "BOOKING_CONFIRMED");
        Instant quietEnd = now.truncatedTo(ChronoUnit.DAYS).plus(Duration.between(LocalTime.MIDNIGHT, until));
        if (quietEnd.isBefore(now)) {
            quietEnd = quietEnd.plus(Duration.ofDays(1));
        }
        assertThat(count("SELECT count(*) FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id"
                        + " WHERE n.data->>'bookingId' = ? AND d.recipient_id = ? AND d.channel = 'EMAIL' AND d.status = 'PENDING'"
                        + " AND d.next_attempt_at = ?", held, UUID.fromString(patient.id()),
                quietEnd.atOffset(ZoneOffset.UTC))).isEqualTo(1);
        String today = booked(patient, doctor.id(), soon.start(), soon.type(), "CASH");
        await().atMost(Duration.ofSeconds(15)).until(() -> count("SELECT count(*) FROM notification_deliveries d"
                + " JOIN notifications n ON n.id = d.notification_id WHERE n.data->>'bookingId' = ? AND d.recipient_id = ?"
                + " AND d.channel = 'EMAIL' AND d.status = 'SENT'", today, UUID.fromString(patient.id())) == 1);
        long before = mailsWithSubject(patient.email, "Booking confirmed");
        assertThat(before).as("only the booking on the day of the visit was e-mailed during quiet hours").isEqualTo(1);
        // the doctor moves the later visit into the coming hours: the sooner of its two times is on the day
        Slot moved = slotBetween(doctor.id(), now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(20)));
        assertThat(reschedule(doctorLogin(doctor), held, moved.start()).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> count("SELECT count(*) FROM notification_deliveries d"
                + " JOIN notifications n ON n.id = d.notification_id WHERE n.data->>'bookingId' = ? AND d.recipient_id = ?"
                + " AND n.kind = 'BOOKING_RESCHEDULED' AND d.channel = 'EMAIL' AND d.status = 'SENT'",
                held, UUID.fromString(patient.id())) == 1);
        clock.advance(Duration.between(now, quietEnd).plusMinutes(1));
        await().atMost(Duration.ofSeconds(15)).until(() -> mailsWithSubject(patient.email, "Booking confirmed") == before + 1);
    }

    @Test
    void anEmailHeldForQuietHoursIsDroppedOnceTheAccountIsSuspendedWhileTheSuspensionItselfIsSent() throws Exception {
        NewDoctor doctor = bookableDoctor();
        Patient patient = newPatient("held");
        Instant now = clock.instant();
        quietAroundNow(patient, now);
        String later = moreThanTwoDaysAfter(now, freeSlots(doctor.id(), "IN_PERSON", 7));
        String held = booked(patient, doctor.id(), later, "IN_PERSON", "CASH");
        String delivery = "SELECT count(*) FROM notification_deliveries d JOIN notifications n"
                + " ON n.id = d.notification_id WHERE n.data->>'bookingId' = ? AND d.recipient_id = ?"
                + " AND n.kind = 'BOOKING_CONFIRMED' AND d.channel = 'EMAIL' AND d.status = ?"
                + " AND coalesce(d.last_error, '') = ?";
        UUID patientId = UUID.fromString(patient.id());
        await().atMost(Duration.ofSeconds(15)).until(() -> count(delivery, held, patientId, "PENDING", "") == 1);

        assertThat(api.post("/api/v1/admin/users/" + patient.id() + "/suspend", Map.of("reason", "abuse"), adminToken())
                .status()).isEqualTo(200);
        awaitMail(patient.email, "Your account is suspended");
        clock.advance(Duration.ofHours(4));

        await().atMost(Duration.ofSeconds(15)).until(() ->
                count(delivery, held, patientId, "SKIPPED", "the account is suspended") == 1);
        assertThat(mailsWithSubject(patient.email, "Booking confirmed")).isZero();
    }

    /** Quiet hours (UTC) from an hour before {@code now} to three hours after it; returns their end. */
    private LocalTime quietAroundNow(Patient patient, Instant now) {
        LocalTime from = now.atOffset(ZoneOffset.UTC).toLocalTime().minusHours(1).truncatedTo(ChronoUnit.MINUTES);
        LocalTime until = now.atOffset(ZoneOffset.UTC).toLocalTime().plusHours(3).truncatedTo(ChronoUnit.MINUTES);
        assertThat(api.put(PREFERENCES, Map.of("quietHours", Map.of("start", from.toString(), "end", until.toString()),
                "timeZone", "UTC"), patient.token).status()).isEqualTo(200);
        return until;
    }

    private static String moreThanTwoDaysAfter(Instant now, List<String> starts) {
        return starts.stream().filter(s -> instant(s).isAfter(now.plus(Duration.ofHours(48)))).findFirst().orElseThrow();
    }
}
