package org.medbook.reporting.api;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.medbook.booking.api.BookingTestSupport;
import org.medbook.support.Api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Platform statistics over a period no other test touches: the clock is pinned far ahead. */
class PlatformStatsTests extends BookingTestSupport {

    @Test
    void staffWithReportsReadSeeThePeriodsFiguresAsJsonOrCsv() {
        // a fixed instant no other test uses, so the period holds only this test's data
        Instant begin = Instant.parse("2029-06-04T06:00:00Z");
        clock.setTo(begin);
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("stats");
        Patient bob = newPatient("stats");
        List<String> slots = freeSlots(doctor.id(), "IN_PERSON", 3);
        String kept = booked(ann, doctor.id(), slots.get(0), "IN_PERSON", "CASH");
        String dropped = booked(bob, doctor.id(), slots.get(1), "IN_PERSON", "CASH");
        assertThat(cancel(bob.token, dropped, "changed my mind").status()).isEqualTo(200);
        clock.setTo(instant(slots.get(0)).plus(Duration.ofMinutes(35)));
        String doctorToken = doctorLogin(doctor);
        assertThat(doctorAction(doctorToken, kept, "complete").status()).isEqualTo(200);
        assertThat(api.post(DOCTOR_BOOKINGS + "/" + kept + "/cash", Map.of("waived", false), doctorToken).status())
                .isEqualTo(200);
        ann.signIn();
        assertThat(api.post(BOOKINGS + "/" + kept + "/review", Map.of("rating", 4), ann.token).status()).isEqualTo(201);

        LocalDate from = begin.atZone(java.time.ZoneOffset.UTC).toLocalDate();
        LocalDate to = from.plusDays(4);
        String query = "/api/v1/admin/stats?from=" + from + "&to=" + to;
        String reader = helperToken(List.of("reports:read"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Api.Response stats = api.get(query, reader);
            assertThat(stats.status()).as(stats.toString()).isEqualTo(200);
            JsonNode s = stats.body();
            assertThat(s.path("newPatients").asLong()).isEqualTo(2);
            assertThat(s.path("activeDoctors").asLong()).isEqualTo(1);
            assertThat(s.path("verifiedDoctors").asLong()).isPositive();
            assertThat(s.path("revenue").get(0).path("currency").asString()).isEqualTo("EUR");
            assertThat(s.path("revenue").get(0).path("revenueMinor").asLong()).isEqualTo(6000);
            assertThat(s.path("topSpecialties").get(0).path("name").asString()).isEqualTo("cardiology");
            assertThat(s.path("topSpecialties").get(0).path("bookings").asLong()).isEqualTo(2);
            assertThat(s.path("topCities").get(0).path("name").asString()).isEqualTo("Berlin");
            assertThat(s.path("averageRating").decimalValue()).isEqualByComparingTo("4.0");
            assertThat(s.path("cancellationRate").decimalValue()).isEqualByComparingTo("0.5");
            assertThat(s.path("noShowRate").decimalValue()).isEqualByComparingTo("0");
            assertThat(s.path("medianLeadHours").asDouble()).isPositive();
            assertThat(s.path("bookingsPerDay").findValuesAsString("status")).contains("COMPLETED", "CANCELLED");
        });
        // the patient changes their mind about the rating within the edit window: the figure follows
        Api.Response edited = api.put(BOOKINGS + "/" + kept + "/review", Map.of("rating", 2), ann.token);
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                api.get(query, reader).body().path("averageRating").decimalValue()).isEqualByComparingTo("2.0"));

        Api.Response csv = api.send("GET", query, null, reader, Map.of("Accept", "text/csv"));
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.raw()).startsWith("metric,key,value\r\nfrom,," + from + "\r\n")
                .contains("newPatients,,2\r\n", "revenueMinor,EUR,6000\r\n", "specialty,cardiology,2\r\n");

        assertThat(api.get(query, helperToken(List.of("payments:read", "users:read"))).status()).isEqualTo(403);
        assertThat(api.get(query, doctorLogin(doctor)).status()).isEqualTo(403);
        assertThat(api.get(query, ann.token).status()).isEqualTo(403);
        assertThat(api.get(query, null).status()).isEqualTo(401);
        Api.Response tooLong = api.get("/api/v1/admin/stats?from=" + from + "&to=" + from.plusDays(400), reader);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(api.get(query + "&zone=Mars/Olympus", reader).status()).isEqualTo(400);
    }
}
