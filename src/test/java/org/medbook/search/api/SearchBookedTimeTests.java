package org.medbook.search.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.medbook.booking.api.BookingTestSupport;
import org.medbook.support.Api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Search subtracts booked time from the appointments when it answers: a booking or a cancellation
 * shows at once (nothing waits for an event), and a slot is taken when any booking overlaps it, as
 * the doctor's own slot list says.
 */
class SearchBookedTimeTests extends BookingTestSupport {

    private static final String SEARCH = "/api/v1/doctors";
    private static final Duration PROJECTION = Duration.ofSeconds(10);

    @Test
    void aBookingTakesItsSlotOutOfSearchAtOnceAndACancellationGivesItBack() {
        String tag = tag();
        NewDoctor doctor = createDoctor(Map.of("name", "Dr. Taken " + tag));
        String doctorToken = doctorToken(doctor);
        videoHour(doctorToken, 30);
        verifyDoctor(doctor.id());
        LocalDate day = berlinDay(3);
        String from = at(day, 14, 0);
        String to = at(day, 15, 0);
        await().atMost(PROJECTION).untilAsserted(() -> assertThat(next(tag, from, to)).isEqualTo(instant(from)));

        Patient ann = newPatient("ann");
        nextStripeIntent();
        String first = booked(ann, doctor.id(), from, "VIDEO", "STRIPE");
        assertThat(next(tag, from, to)).as("the other half hour is still free").isEqualTo(instant(at(day, 14, 30)));

        Patient bob = newPatient("bob");
        nextStripeIntent();
        booked(bob, doctor.id(), at(day, 14, 30), "VIDEO", "STRIPE");
        assertThat(ids(search("q", tag, "availableFrom", from, "availableTo", to))).as("the hour is fully booked").isEmpty();
        assertThat(next(tag, from, at(day.plusDays(1), 15, 0))).isEqualTo(instant(at(day.plusDays(1), 14, 0)));

        Api.Response cancelled = cancel(ann.token, first, "plans changed");
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(next(tag, from, to)).isEqualTo(instant(from));
    }

    @Test
    void aBookingMadeUnderAnEarlierScheduleTakesEverySlotItOverlaps() {
        String tag = tag();
        NewDoctor doctor = createDoctor(Map.of("name", "Dr. Rescheduled " + tag));
        String doctorToken = doctorToken(doctor);
        videoHour(doctorToken, 30);
        verifyDoctor(doctor.id());
        LocalDate day = berlinDay(4);
        String from = at(day, 14, 0);
        await().atMost(PROJECTION).untilAsserted(() -> assertThat(next(tag, from, at(day, 15, 0))).isEqualTo(instant(from)));
        nextStripeIntent();
        booked(newPatient("cleo"), doctor.id(), from, "VIDEO", "STRIPE");

        // 20-minute slots now: 14:00 and 14:20 overlap the booking until 14:30, 14:40 is free.
        videoHour(doctorToken, 20);
        await().atMost(PROJECTION).untilAsserted(() -> assertThat(next(tag, from, at(day, 15, 0)))
                .isEqualTo(instant(at(day, 14, 40))));
        assertThat(ids(search("q", tag, "availableFrom", from, "availableTo", at(day, 14, 40)))).isEmpty();
        Api.Response slots = api.get("/api/v1/doctors/" + doctor.id() + "/slots?type=VIDEO&from="
                + instant(from) + "&to=" + instant(at(day, 15, 0)), null);
        assertThat(slots.status()).as(slots.toString()).isEqualTo(200);
        assertThat(instant(slots.body().path("slots").get(0).path("start").asString()))
                .as("search and the doctor's slot list agree").isEqualTo(instant(at(day, 14, 40)));
    }

    /** Video hours 14:00-15:00 Berlin every day in slots of the given length, no notice. */
    private void videoHour(String doctorToken, int slotMinutes) {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (String dayOfWeek : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
            rules.add(Map.of("dayOfWeek", dayOfWeek, "start", "14:00", "end", "15:00", "slotMinutes", slotMinutes,
                    "bufferMinutes", 0, "type", "VIDEO"));
        }
        Api.Response schedule = api.put("/api/v1/doctor/availability",
                Map.of("weeklyRules", rules, "minimumNoticeMinutes", 0, "horizonDays", 60), doctorToken);
        assertThat(schedule.status()).as(schedule.toString()).isEqualTo(200);
    }

    /** The one tagged doctor's next free start in [from, to), or null when the window has none. */
    private Instant next(String tag, String from, String to) {
        Api.Response response = search("q", tag, "availableFrom", from, "availableTo", to);
        List<String> found = ids(response);
        if (found.isEmpty()) {
            return null;
        }
        assertThat(found).hasSize(1);
        return OffsetDateTime.parse(response.body().path("items").get(0).path("nextAvailable").asString()).toInstant();
    }

    /** A made-up surname no other test uses. */
    private static String tag() {
        String consonants = "bcdfghjklmnpqrstvwxz";
        StringBuilder tag = new StringBuilder("Zx");
        for (int i = 0; i < 8; i++) {
            tag.append(consonants.charAt(ThreadLocalRandom.current().nextInt(consonants.length())));
        }
        return tag.toString();
    }

    private Api.Response search(String... parameters) {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < parameters.length; i += 2) {
            query.append(i == 0 ? "?" : "&").append(parameters[i]).append('=')
                    .append(URLEncoder.encode(parameters[i + 1], StandardCharsets.UTF_8));
        }
        return api.get(SEARCH + query, null);
    }
}
