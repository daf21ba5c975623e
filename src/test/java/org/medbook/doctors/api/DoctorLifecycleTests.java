package org.medbook.doctors.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DoctorLifecycleTests extends IntegrationTest {

    @Test
    void aVerifiedDoctorWithHoursIsFoundAndShowsFreeSlots() {
        // Every test doctor is a Berlin cardiologist called Müller: a surname of its own keeps this one on the
        // first page of the search however many others the shared database holds.
        String surname = "Müller-Lifecycle" + Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 40), 36);
        NewDoctor doctor = createDoctor(Map.of("name", "Dr. Anna " + surname));
        assertThat(doctor.created().text("status")).isEqualTo("PENDING");
        assertThat(api.get("/api/v1/doctors/" + doctor.id(), null).status()).isEqualTo(404);

        String token = doctorToken(doctor);
        Api.Response schedule = api.put("/api/v1/doctor/availability", Map.of(
                "weeklyRules", List.of(
                        Map.of("dayOfWeek", "MONDAY", "start", "09:00", "end", "12:00", "slotMinutes", 30, "bufferMinutes", 0,
                                "type", "IN_PERSON", "locationId", doctor.locationId()),
                        Map.of("dayOfWeek", "TUESDAY", "start", "14:00", "end", "16:00", "slotMinutes", 20, "bufferMinutes", 10,
                                "type", "VIDEO")),
                "minimumNoticeMinutes", 60, "horizonDays", 30), token);
        assertThat(schedule.status()).as(schedule.toString()).isEqualTo(200);
        verifyDoctor(doctor.id());

        Api.Response profile = api.get("/api/v1/doctors/" + doctor.id(), null);
        assertThat(profile.status()).isEqualTo(200);
        assertThat(profile.text("email")).isNull();
        assertThat(profile.text("licenceNumber")).isNull();

        // A whole week from a Monday at least two days ahead, by the test clock: never "the next 7 days",
        // whose count depends on the day and hour the test runs.
        java.time.ZoneId berlin = java.time.ZoneId.of("Europe/Berlin");
        java.time.Instant monday = clock.instant().atZone(berlin).toLocalDate().plusDays(2)
                .with(java.time.temporal.TemporalAdjusters.nextOrSame(java.time.DayOfWeek.MONDAY)).atStartOfDay(berlin)
                .toInstant();
        Api.Response slots = api.get("/api/v1/doctors/" + doctor.id() + "/slots?from=" + monday + "&to="
                + monday.atZone(berlin).plusWeeks(1).toInstant(), null);
        assertThat(slots.status()).as(slots.toString()).isEqualTo(200);
        assertThat(slots.text("zone")).isEqualTo("Europe/Berlin");
        assertThat(slots.body().path("slots").size()).isEqualTo(6 + 4);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Api.Response found = api.get("/api/v1/doctors?specialty=cardiology&lat=52.52&lng=13.40&radiusKm=5&q="
                    + surname.toLowerCase(java.util.Locale.ROOT).replace("ü", "u"), null);
            assertThat(found.status()).as(found.toString()).isEqualTo(200);
            assertThat(found.body().path("items").findValuesAsString("id")).contains(doctor.id());
        });
    }
}
