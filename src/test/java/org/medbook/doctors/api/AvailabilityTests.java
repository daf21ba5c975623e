package org.medbook.doctors.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.doctors.BookingTerms;
import org.medbook.doctors.ConsultationType;
import org.medbook.doctors.DoctorCatalog;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A doctor's availability over HTTP: the schedule document, time off, the public slot query
 * (including DST days and callers in other zones) and who may touch which schedule.
 */
class AvailabilityTests extends IntegrationTest {

    @Autowired
    private DoctorCatalog catalog;

    private static final String AVAILABILITY = "/api/v1/doctor/availability";
    private static final String TIME_OFF = "/api/v1/doctor/time-off";
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    /** A doctor with a signed-in session. */
    private record Desk(NewDoctor doctor, String token) {

        String id() {
            return doctor.id();
        }
    }

    // ---------------------------------------------------------------- the schedule document

    @Test
    void aScheduleIsReplacedAndReadBackAsWritten() {
        Desk desk = desk(Map.of());

        Api.Response empty = api.get(AVAILABILITY, desk.token());
        assertThat(empty.status()).as(empty.toString()).isEqualTo(200);
        assertThat(empty.text("timeZone")).isEqualTo("Europe/Berlin");
        assertThat(empty.body().path("weeklyRules").size()).isZero();
        assertThat(empty.body().path("overrides").size()).isZero();
        assertThat(empty.body().path("minimumNoticeMinutes").asInt()).isEqualTo(120);
        assertThat(empty.body().path("horizonDays").asInt()).isEqualTo(60);

        Map<String, Object> document = document(List.of(
                        rule("MONDAY", "09:00", "12:00", 30, 0, "IN_PERSON", desk.doctor().locationId()),
                        rule("MONDAY", "13:00", "15:00", 20, 10, "VIDEO", null),
                        rule("FRIDAY", "08:30", "11:00", 45, 15, "VIDEO", null)),
                List.of(Map.of("date", "2027-02-01", "start", "10:00", "end", "11:00"),
                        Map.of("date", "2027-02-05"),
                        Map.of("date", "2027-02-07", "start", "10:00", "end", "12:00", "slotMinutes", 30,
                                "bufferMinutes", 5, "type", "VIDEO")),
                90, 120);
        Api.Response put = api.put(AVAILABILITY, document, desk.token());
        Api.Response get = api.get(AVAILABILITY, desk.token());

        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(get.status()).as(get.toString()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(put.body());
        JsonNode rules = get.body().path("weeklyRules");
        assertThat(rules.size()).isEqualTo(3);
        assertRule(rules.get(0), "MONDAY", "09:00", "12:00", 30, 0, "IN_PERSON", desk.doctor().locationId());
        assertRule(rules.get(1), "MONDAY", "13:00", "15:00", 20, 10, "VIDEO", null);
        assertRule(rules.get(2), "FRIDAY", "08:30", "11:00", 45, 15, "VIDEO", null);
        JsonNode overrides = get.body().path("overrides");
        assertThat(overrides.size()).isEqualTo(3);
        assertThat(overrides.get(0).path("date").asString()).isEqualTo("2027-02-01");
        assertThat(overrides.get(0).path("start").asString()).isEqualTo("10:00");
        assertThat(overrides.get(0).path("end").asString()).isEqualTo("11:00");
        assertThat(overrides.get(0).has("type")).as("no type given, none stored").isFalse();
        assertThat(overrides.get(1).path("date").asString()).isEqualTo("2027-02-05");
        assertThat(overrides.get(1).has("start")).as("closed all day").isFalse();
        assertThat(overrides.get(2).path("slotMinutes").asInt()).isEqualTo(30);
        assertThat(overrides.get(2).path("bufferMinutes").asInt()).isEqualTo(5);
        assertThat(overrides.get(2).path("type").asString()).isEqualTo("VIDEO");
        assertThat(get.body().path("minimumNoticeMinutes").asInt()).isEqualTo(90);
        assertThat(get.body().path("horizonDays").asInt()).isEqualTo(120);

        Api.Response replaced = api.put(AVAILABILITY, document(List.of(rule("TUESDAY", "14:00", "16:00", 30, 0, "VIDEO", null)),
                List.of(), 0, 30), desk.token());
        Api.Response after = api.get(AVAILABILITY, desk.token());

        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(after.body().path("weeklyRules").size()).as("the document replaces, it does not merge").isEqualTo(1);
        assertRule(after.body().path("weeklyRules").get(0), "TUESDAY", "14:00", "16:00", 30, 0, "VIDEO", null);
        assertThat(after.body().path("overrides").size()).isZero();
        assertThat(after.body().path("minimumNoticeMinutes").asInt()).isZero();
        assertThat(after.body().path("horizonDays").asInt()).isEqualTo(30);
    }

    @Test
    void invalidDocumentsAreRefusedAndLeaveTheScheduleAsItWas() {
        Desk desk = desk(Map.of());
        NewDoctor other = createDoctor(Map.of());
        Map<String, Object> baseline = document(List.of(rule("MONDAY", "09:00", "12:00", 30, 0, "VIDEO", null)),
                List.of(), 60, 30);
        assertThat(api.put(AVAILABILITY, baseline, desk.token()).status()).isEqualTo(200);
        Api.Response before = api.get(AVAILABILITY, desk.token());

        assertRefused(desk, document(List.of(
                rule("MONDAY", "09:00", "12:00", 30, 0, "VIDEO", null),
                rule("MONDAY", "11:00", "13:00", 30, 0, "IN_PERSON", desk.doctor().locationId())), List.of(), 60, 30),
                422, "invalid-schedule", "overlap");
        assertRefused(desk, document(List.of(rule("MONDAY", "09:00", "12:00", 30, 0, "VIDEO", null)),
                List.of(Map.of("date", "2027-02-01", "start", "09:00", "end", "11:00"),
                        Map.of("date", "2027-02-01", "start", "10:00", "end", "12:00")), 60, 30),
                422, "invalid-schedule", "overlap");
        assertRefused(desk, document(List.of(rule("MONDAY", "09:00", "12:00", 30, 0, "IN_PERSON", other.locationId())),
                List.of(), 60, 30), 422, "invalid-schedule", "not one of your practice locations");
        assertRefused(desk, document(List.of(rule("MONDAY", "09:00", "12:00", 30, 0, "IN_PERSON",
                UUID.randomUUID().toString())), List.of(), 60, 30), 422, "invalid-schedule", "not one of your");
        assertRefused(desk, document(List.of(rule("MONDAY", "09:00", "12:00", 3, 0, "VIDEO", null)), List.of(), 60, 30),
                422, "invalid-schedule", "between 5 and 480");
        assertRefused(desk, document(List.of(rule("MONDAY", "09:00", "12:00", 30, 300, "VIDEO", null)), List.of(), 60, 30),
                422, "invalid-schedule", "buffer");
        assertRefused(desk, document(List.of(rule("MONDAY", "12:00", "09:00", 30, 0, "VIDEO", null)), List.of(), 60, 30),
                422, "invalid-schedule", "end after");
        assertRefused(desk, document(List.of(rule("MONDAY", "09:00", "12:00", 30, 0, "VIDEO",
                desk.doctor().locationId())), List.of(), 60, 30), 422, "invalid-schedule", "Video hours have no location");
        assertRefused(desk, document(List.of(rule("MONDAY", "09:00", "12:00", 30, 0, "IN_PERSON", null)), List.of(), 60, 30),
                422, "invalid-schedule", "need a locationId");
        assertRefused(desk, document(List.of(), List.of(), 60, 366), 422, "invalid-schedule", "horizonDays");
        assertRefused(desk, document(List.of(), List.of(), 43201, 30), 422, "invalid-schedule", "minimumNoticeMinutes");
        assertRefused(desk, document(List.of(), List.of(Map.of("date", "2027-02-02", "start", "09:00", "end", "10:00")),
                60, 30), 422, "invalid-schedule", "needs slotMinutes and type");
        assertRefused(desk, document(List.of(rule("MONDAY", "09:00", "12:00", 30, 0, "VIDEO", null)),
                List.of(Map.of("date", "2027-02-01"), Map.of("date", "2027-02-01", "start", "13:00", "end", "14:00")),
                60, 30), 422, "invalid-schedule", "closed or has hours");

        Map<String, Object> nineAm = rule("MONDAY", "9am", "12:00", 30, 0, "VIDEO", null);
        Api.Response malformed = api.put(AVAILABILITY, document(List.of(nineAm), List.of(), 60, 30), desk.token());
        assertThat(malformed.status()).as(malformed.toString()).isEqualTo(400);
        assertThat(malformed.problem()).isEqualTo("validation-failed");
        assertThat(malformed.body().path("errors").get(0).path("field").asString()).isEqualTo("weeklyRules[0].start");

        Api.Response unknownDay = api.put(AVAILABILITY,
                document(List.of(rule("FUNDAY", "09:00", "12:00", 30, 0, "VIDEO", null)), List.of(), 60, 30), desk.token());
        assertThat(unknownDay.status()).as(unknownDay.toString()).isEqualTo(400);

        Api.Response notJson = api.send("PUT", AVAILABILITY, "{\"weeklyRules\": [", desk.token(), Map.of());
        assertThat(notJson.status()).as(notJson.toString()).isEqualTo(400);
        assertThat(notJson.problem()).isEqualTo("malformed-request");

        assertThat(api.get(AVAILABILITY, desk.token()).body()).as("nothing refused was stored").isEqualTo(before.body());
    }

    @Test
    void aRuleWithoutDayOrTypeIsAProblemOfTheCallerNotAServerError() {
        Desk desk = desk(Map.of());
        Map<String, Object> noType = new LinkedHashMap<>(rule("MONDAY", "09:00", "12:00", 30, 0, "VIDEO", null));
        noType.remove("type");
        Map<String, Object> noDay = new LinkedHashMap<>(rule("MONDAY", "09:00", "12:00", 30, 0, "VIDEO", null));
        noDay.remove("dayOfWeek");
        Map<String, Object> noDate = new LinkedHashMap<>(Map.of("start", "09:00", "end", "10:00"));

        for (Map<String, Object> document : List.of(document(List.of(noType), List.of(), 60, 30),
                document(List.of(noDay), List.of(), 60, 30),
                document(List.of(), List.of(noDate), 60, 30))) {
            Api.Response refused = api.put(AVAILABILITY, document, desk.token());
            assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
            assertThat(refused.problem()).isEqualTo("invalid-schedule");
        }
        assertThat(api.get(AVAILABILITY, desk.token()).body().path("weeklyRules").size()).isZero();
    }

    @Test
    void hoursOfAConsultationTypeTheDoctorDoesNotOfferAreRefused() {
        Desk inPersonOnly = desk(Map.of("consultationTypes", List.of("IN_PERSON"),
                "fees", Map.of("IN_PERSON", Map.of("amountMinor", 6000, "currency", "EUR"))));
        String location = inPersonOnly.doctor().locationId();

        assertRefused(inPersonOnly, document(List.of(rule("MONDAY", "09:00", "12:00", 30, 0, "VIDEO", null)), List.of(), 60, 30),
                422, "invalid-schedule", "type you do not offer");
        assertRefused(inPersonOnly, document(List.of(rule("MONDAY", "09:00", "12:00", 30, 0, "IN_PERSON", location)),
                List.of(Map.of("date", "2027-02-01", "start", "14:00", "end", "16:00", "type", "VIDEO")), 60, 30),
                422, "invalid-schedule", "type you do not offer");

        Api.Response offered = api.put(AVAILABILITY, document(List.of(rule("MONDAY", "09:00", "12:00", 30, 0, "IN_PERSON",
                location)), List.of(Map.of("date", "2027-02-01", "start", "14:00", "end", "16:00")), 60, 30),
                inPersonOnly.token());
        assertThat(offered.status()).as(offered.toString()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- time off

    @Test
    void timeOffRemovesTheSlotsItCoversUntilItIsDeleted() {
        Desk desk = bookableDesk(Map.of(), everyDay("09:00", "17:00"), 0, 60);
        LocalDate date = LocalDate.ofInstant(clock.instant(), BERLIN).plusDays(3);
        OffsetDateTime dayStart = local(date, "00:00", BERLIN);
        OffsetDateTime dayEnd = local(date.plusDays(1), "00:00", BERLIN);
        assertThat(localStarts(slots(desk.id(), dayStart, dayEnd), BERLIN)).hasSize(16);

        OffsetDateTime start = local(date, "10:00", BERLIN);
        OffsetDateTime end = local(date, "11:00", BERLIN);
        Api.Response added = api.post(TIME_OFF, Map.of("start", start.toString(), "end", end.toString(),
                "reason", "Conference"), desk.token());
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        String id = added.text("id");
        assertThat(id).isNotBlank();
        assertThat(OffsetDateTime.parse(added.text("start")).toInstant()).isEqualTo(start.toInstant());
        assertThat(OffsetDateTime.parse(added.text("end")).toInstant()).isEqualTo(end.toInstant());
        assertThat(added.text("reason")).isEqualTo("Conference");

        Api.Response listed = api.get(TIME_OFF, desk.token());
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body().findValuesAsString("id")).containsExactly(id);
        List<LocalTime> withTimeOff = localStarts(slots(desk.id(), dayStart, dayEnd), BERLIN);
        assertThat(withTimeOff).hasSize(14).contains(LocalTime.of(9, 30), LocalTime.of(11, 0))
                .doesNotContain(LocalTime.of(10, 0), LocalTime.of(10, 30));

        Desk stranger = desk(Map.of());
        Api.Response notTheirs = api.delete(TIME_OFF + "/" + id, stranger.token());
        assertThat(notTheirs.status()).as("another doctor cannot delete it").isEqualTo(404);
        assertThat(api.get(TIME_OFF, desk.token()).body().findValuesAsString("id")).containsExactly(id);
        assertThat(api.get(TIME_OFF, stranger.token()).body().size()).isZero();

        Api.Response deleted = api.delete(TIME_OFF + "/" + id, desk.token());
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertThat(api.get(TIME_OFF, desk.token()).body().size()).isZero();
        assertThat(localStarts(slots(desk.id(), dayStart, dayEnd), BERLIN)).hasSize(16);

        Api.Response again = api.delete(TIME_OFF + "/" + id, desk.token());
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.problem()).isEqualTo("not-found");
        assertThat(api.delete(TIME_OFF + "/" + UUID.randomUUID(), desk.token()).status()).isEqualTo(404);
    }

    /** Whether search lists the doctor (found by the name's tag) free in [from, to), with the language if given. */
    private boolean inSearch(String tag, OffsetDateTime from, OffsetDateTime to, String language) {
        String query = "/api/v1/doctors?q=" + tag + "&availableFrom=" + from.toInstant() + "&availableTo=" + to.toInstant()
                + (language == null ? "" : "&language=" + language);
        Api.Response found = api.get(query, null);
        assertThat(found.status()).as(found.toString()).isEqualTo(200);
        return found.body().path("totalItems").asLong() == 1;
    }

    @Test
    void everyChangeOfHoursTimeOffAndProfileReachesSearch() {
        String tag = "searchable" + Long.toHexString(System.nanoTime());
        Desk desk = bookableDesk(Map.of("name", "Dr. " + tag), everyDay("09:00", "17:00"), 0, 60);
        LocalDate date = LocalDate.ofInstant(clock.instant(), BERLIN).plusDays(3);
        OffsetDateTime morning = local(date, "10:00", BERLIN);
        OffsetDateTime noon = local(date, "12:00", BERLIN);
        OffsetDateTime evening = local(date, "17:00", BERLIN);
        Duration soon = Duration.ofSeconds(10);
        await().atMost(soon).until(() -> inSearch(tag, morning, noon, null));

        Api.Response afternoons = api.put(AVAILABILITY, document(everyDay("13:00", "17:00"), List.of(), 0, 60), desk.token());
        assertThat(afternoons.status()).as(afternoons.toString()).isEqualTo(200);
        await().atMost(soon).until(() -> !inSearch(tag, morning, noon, null));
        assertThat(inSearch(tag, noon, evening, null)).isTrue();

        Api.Response away = api.post(TIME_OFF, Map.of("start", noon.toString(), "end", evening.toString(),
                "reason", "Training"), desk.token());
        assertThat(away.status()).as(away.toString()).isEqualTo(201);
        await().atMost(soon).until(() -> !inSearch(tag, noon, evening, null));
        assertThat(api.delete(TIME_OFF + "/" + away.text("id"), desk.token()).status()).isEqualTo(204);
        await().atMost(soon).until(() -> inSearch(tag, noon, evening, null));

        assertThat(inSearch(tag, noon, evening, "it")).isFalse();
        Api.Response italian = api.patch("/api/v1/doctor/profile", Map.of("languages", List.of("de", "it")), desk.token());
        assertThat(italian.status()).as(italian.toString()).isEqualTo(200);
        await().atMost(soon).until(() -> inSearch(tag, noon, evening, "it"));

        String renamed = "renamed" + Long.toHexString(System.nanoTime());
        Api.Response edited = api.patch("/api/v1/admin/doctors/" + desk.id(), Map.of("name", "Dr. " + renamed),
                adminToken());
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        await().atMost(soon).until(() -> inSearch(renamed, noon, evening, null));
    }

    @Test
    void timeOffPartlyOverlappingSlotsRemovesThemAndBadRangesAreRefused() {
        Desk desk = bookableDesk(Map.of(), everyDay("09:00", "17:00"), 0, 60);
        LocalDate date = LocalDate.ofInstant(clock.instant(), BERLIN).plusDays(4);

        Api.Response added = api.post(TIME_OFF, Map.of("start", local(date, "12:15", BERLIN).toString(),
                "end", local(date, "12:45", BERLIN).toString()), desk.token());
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        assertThat(localStarts(slots(desk.id(), local(date, "11:00", BERLIN), local(date, "14:00", BERLIN)), BERLIN))
                .containsExactly(LocalTime.of(11, 0), LocalTime.of(11, 30), LocalTime.of(13, 0), LocalTime.of(13, 30));

        Api.Response backwards = api.post(TIME_OFF, Map.of("start", local(date, "12:00", BERLIN).toString(),
                "end", local(date, "11:00", BERLIN).toString()), desk.token());
        assertThat(backwards.status()).as(backwards.toString()).isEqualTo(400);
        Api.Response missingEnd = api.post(TIME_OFF, Map.of("start", local(date, "12:00", BERLIN).toString()), desk.token());
        assertThat(missingEnd.status()).as(missingEnd.toString()).isEqualTo(400);
        assertThat(api.get(TIME_OFF, desk.token()).body().size()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- slots across DST

    @Test
    void newYorkSlotsCarryTheOffsetOfTheirOwnDateAcrossBothTransitions() {
        assertDstThroughTheApi(NEW_YORK, "-05:00", "-04:00", 1);
    }

    @Test
    void berlinSlotsCarryTheOffsetOfTheirOwnDateAcrossBothTransitions() {
        assertDstThroughTheApi(BERLIN, "+01:00", "+02:00", 2);
    }

    /**
     * The next spring-forward and fall-back (from now: New York 2027-03-14 and 2027-11-07, Berlin
     * 2027-03-28 and 2027-10-31), each queried from the Saturday eight days before to the Tuesday
     * after, with hours on Sundays (00:00-05:00 and 09:00-12:00) and Mondays (09:00-10:00).
     */
    private void assertDstThroughTheApi(ZoneId zone, String standard, String summer, int repeatedHourInFall) {
        Desk desk = bookableDesk(Map.of("timeZone", zone.getId()), List.of(
                rule("SUNDAY", "00:00", "05:00", 30, 0, "VIDEO", null),
                rule("SUNDAY", "09:00", "12:00", 30, 0, "VIDEO", null),
                rule("MONDAY", "09:00", "10:00", 30, 0, "VIDEO", null)), 0, 365);
        Instant now = clock.instant();
        ZoneOffsetTransition first = zone.getRules().nextTransition(now.plus(Duration.ofDays(10)));
        ZoneOffsetTransition second = zone.getRules().nextTransition(first.getInstant());

        for (ZoneOffsetTransition transition : List.of(first, second)) {
            LocalDate sunday = transition.getDateTimeBefore().toLocalDate();
            assertThat(sunday.getDayOfWeek()).as("%s changes clocks on a Sunday", zone).isEqualTo(DayOfWeek.SUNDAY);
            assertThat(sunday.plusDays(2).atStartOfDay(zone).toInstant())
                    .as("the window lies within the 365-day horizon").isBefore(now.plus(Duration.ofDays(364)));
            boolean spring = transition.isGap();
            String before = spring ? standard : summer;
            String after = spring ? summer : standard;

            List<OffsetDateTime> expected = new ArrayList<>();
            LocalDate previousSunday = sunday.minusWeeks(1);
            expected.addAll(halfHours(previousSunday, "00:00", "04:30", before));
            expected.addAll(halfHours(previousSunday, "09:00", "11:30", before));
            expected.addAll(halfHours(previousSunday.plusDays(1), "09:00", "09:30", before));
            if (spring) {
                expected.addAll(halfHours(sunday, "00:00", "01:30", before));
                expected.addAll(halfHours(sunday, "03:00", "04:30", after));
            } else {
                String repeated = "%02d".formatted(repeatedHourInFall);
                expected.addAll(halfHours(sunday, "00:00", repeated + ":30", before));
                expected.addAll(halfHours(sunday, repeated + ":00", "04:30", after));
            }
            expected.addAll(halfHours(sunday, "09:00", "11:30", after));
            expected.addAll(halfHours(sunday.plusDays(1), "09:00", "09:30", after));

            Api.Response response = slots(desk.id(), local(previousSunday.minusDays(1), "00:00", zone),
                    local(sunday.plusDays(2), "00:00", zone));

            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(response.text("zone")).isEqualTo(zone.getId());
            JsonNode slots = response.body().path("slots");
            List<String> starts = texts(slots, "start");
            assertThat(starts.stream().map(OffsetDateTime::parse).toList()).as("slots around %s", sunday)
                    .containsExactlyElementsOf(expected);
            for (int i = 0; i < slots.size(); i++) {
                String offset = expected.get(i).getOffset().getId();
                assertThat(starts.get(i)).as("start string").endsWith(offset);
                assertThat(slots.get(i).path("end").asString()).as("end string").endsWith(
                        expected.get(i).plusMinutes(30).atZoneSameInstant(zone).getOffset().getId());
                assertThat(Duration.between(OffsetDateTime.parse(starts.get(i)),
                        OffsetDateTime.parse(slots.get(i).path("end").asString()))).isEqualTo(Duration.ofMinutes(30));
            }
            assertThat(starts).as("no slot at a local time the clocks skip")
                    .noneMatch(start -> spring && start.startsWith(sunday + "T02:"));
            assertThat(starts).doesNotHaveDuplicates();
        }
    }

    // ---------------------------------------------------------------- slots and changes

    @Test
    void slotsFollowTheRulesAsTheyAreNowNotAsTheyWereShown() {
        LocalDate date = LocalDate.ofInstant(clock.instant(), BERLIN).plusDays(5);
        String day = date.getDayOfWeek().name();
        Desk desk = bookableDesk(Map.of(), List.of(rule(day, "09:00", "11:00", 30, 0, "VIDEO", null)), 0, 60);
        OffsetDateTime from = local(date, "00:00", BERLIN);
        OffsetDateTime to = local(date.plusDays(1), "00:00", BERLIN);

        Api.Response shown = slots(desk.id(), from, to);
        assertThat(localStarts(shown, BERLIN)).containsExactlyElementsOf(
                List.of(LocalTime.of(9, 0), LocalTime.of(9, 30), LocalTime.of(10, 0), LocalTime.of(10, 30)));

        Api.Response changed = api.put(AVAILABILITY, document(List.of(rule(day, "14:00", "15:00", 20, 10, "IN_PERSON",
                desk.doctor().locationId())), List.of(), 0, 60), desk.token());
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);

        Api.Response now = slots(desk.id(), from, to);
        assertThat(localStarts(now, BERLIN)).containsExactly(LocalTime.of(14, 0), LocalTime.of(14, 30));
        JsonNode slots = now.body().path("slots");
        for (int i = 0; i < slots.size(); i++) {
            assertThat(slots.get(i).path("type").asString()).isEqualTo("IN_PERSON");
            assertThat(slots.get(i).path("locationId").asString()).isEqualTo(desk.doctor().locationId());
            assertThat(Duration.between(OffsetDateTime.parse(slots.get(i).path("start").asString()),
                    OffsetDateTime.parse(slots.get(i).path("end").asString()))).isEqualTo(Duration.ofMinutes(20));
        }

        Api.Response closed = api.put(AVAILABILITY, document(List.of(rule(day, "14:00", "15:00", 20, 10, "IN_PERSON",
                desk.doctor().locationId())), List.of(Map.of("date", date.toString())), 0, 60), desk.token());
        assertThat(closed.status()).isEqualTo(200);
        assertThat(slots(desk.id(), from, to).body().path("slots").size()).as("closed that day").isZero();
    }

    /**
     * A booking's terms come from the rules as they are now: the parsed schedule is kept per node by its
     * stored text, so a change is never answered from an older copy, and going back to earlier rules
     * offers their slots again.
     */
    @Test
    void bookingTermsFollowTheRulesAsTheyAreNow() {
        LocalDate date = LocalDate.ofInstant(clock.instant(), BERLIN).plusDays(5);
        String day = date.getDayOfWeek().name();
        List<Map<String, Object>> morning = List.of(rule(day, "09:00", "11:00", 30, 0, "VIDEO", null));
        Desk desk = bookableDesk(Map.of(), morning, 0, 60);
        UUID doctor = UUID.fromString(desk.id());
        UUID location = UUID.fromString(desk.doctor().locationId());
        Instant nine = local(date, "09:30", BERLIN).toInstant();
        Instant two = local(date, "14:00", BERLIN).toInstant();
        assertThat(catalog.bookingTerms(doctor, nine, ConsultationType.VIDEO, null).flatMap(BookingTerms::slot))
                .as("offered at first").isPresent();

        List<Map<String, Object>> afternoon = List.of(rule(day, "14:00", "15:00", 20, 10, "IN_PERSON", desk.doctor().locationId()));
        assertThat(api.put(AVAILABILITY, document(afternoon, List.of(), 0, 60), desk.token()).status()).isEqualTo(200);
        assertThat(catalog.bookingTerms(doctor, nine, ConsultationType.VIDEO, null).flatMap(BookingTerms::slot))
                .as("the morning is gone").isEmpty();
        assertThat(catalog.bookingTerms(doctor, two, ConsultationType.IN_PERSON, location).flatMap(BookingTerms::slot))
                .as("the afternoon is offered").isPresent();

        assertThat(api.put(AVAILABILITY, document(morning, List.of(), 0, 60), desk.token()).status()).isEqualTo(200);
        assertThat(catalog.bookingTerms(doctor, nine, ConsultationType.VIDEO, null).flatMap(BookingTerms::slot))
                .as("the morning again").isPresent();
        assertThat(catalog.bookingTerms(doctor, two, ConsultationType.IN_PERSON, location).flatMap(BookingTerms::slot))
                .as("the afternoon gone again").isEmpty();
    }

    @Test
    void slotsCanBeFilteredByTypeAndLocation() {
        LocalDate date = LocalDate.ofInstant(clock.instant(), BERLIN).plusDays(5);
        String day = date.getDayOfWeek().name();
        Desk desk = bookableDesk(Map.of(), List.of(
                rule(day, "09:00", "10:00", 30, 0, "IN_PERSON", null),
                rule(day, "11:00", "12:00", 30, 0, "VIDEO", null)), 0, 60);
        OffsetDateTime from = local(date, "00:00", BERLIN);
        OffsetDateTime to = local(date.plusDays(1), "00:00", BERLIN);
        String window = "/api/v1/doctors/" + desk.id() + "/slots?from=" + encode(from) + "&to=" + encode(to);

        Api.Response video = api.get(window + "&type=VIDEO", null);
        Api.Response atPraxis = api.get(window + "&locationId=" + desk.doctor().locationId(), null);
        Api.Response elsewhere = api.get(window + "&locationId=" + UUID.randomUUID(), null);
        Api.Response badType = api.get(window + "&type=PHONE", null);

        assertThat(localStarts(video, BERLIN)).containsExactly(LocalTime.of(11, 0), LocalTime.of(11, 30));
        assertThat(texts(video.body().path("slots"), "type")).containsOnly("VIDEO");
        assertThat(localStarts(atPraxis, BERLIN)).containsExactly(LocalTime.of(9, 0), LocalTime.of(9, 30));
        assertThat(texts(atPraxis.body().path("slots"), "locationId")).containsOnly(desk.doctor().locationId());
        assertThat(elsewhere.body().path("slots").size()).isZero();
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.problem()).isEqualTo("invalid-parameter");
    }

    @Test
    void aPatientInTokyoAsksInTokyoTimeAndGetsTheDoctorsBerlinTimes() {
        Desk desk = bookableDesk(Map.of(), everyDay("09:00", "17:00"), 0, 60);
        String patient = patientToken(uniqueEmail("patient"));
        LocalDate tokyoDate = LocalDate.ofInstant(clock.instant(), TOKYO).plusDays(3);
        OffsetDateTime from = local(tokyoDate, "18:00", TOKYO);
        OffsetDateTime to = from.plusHours(3);

        String path = "/api/v1/doctors/" + desk.id() + "/slots?from=" + encode(from) + "&to=" + encode(to);
        assertThat(path).contains("%2B09%3A00");
        Api.Response response = api.get(path, patient);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.text("zone")).isEqualTo("Europe/Berlin");
        List<String> starts = texts(response.body().path("slots"), "start");
        assertThat(starts).hasSize(6);
        for (int i = 0; i < starts.size(); i++) {
            OffsetDateTime start = OffsetDateTime.parse(starts.get(i));
            Instant expected = from.toInstant().plus(Duration.ofMinutes(30L * i));
            assertThat(start.toInstant()).isEqualTo(expected);
            assertThat(start.getOffset()).as(starts.get(i)).isEqualTo(BERLIN.getRules().getOffset(expected));
            assertThat(starts.get(i)).doesNotEndWith("+09:00");
        }
        assertThat(OffsetDateTime.parse(starts.getFirst()).toLocalDate()).as("the Berlin date, not Tokyo's")
                .isEqualTo(from.atZoneSameInstant(BERLIN).toLocalDate());
    }

    // ---------------------------------------------------------------- query limits

    @Test
    void theQueryWindowIsAtMostThirtyOneDaysAndEndsAfterItStarts() {
        Desk desk = bookableDesk(Map.of(), everyDay("09:00", "17:00"), 0, 60);
        OffsetDateTime from = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1);

        Api.Response thirtyTwo = slots(desk.id(), from, from.plusDays(32));
        Api.Response thirtyOne = slots(desk.id(), from, from.plusDays(31));
        Api.Response backwards = slots(desk.id(), from, from.minusHours(1));
        Api.Response empty = slots(desk.id(), from, from);
        Api.Response unparsable = api.get("/api/v1/doctors/" + desk.id() + "/slots?from=tomorrow", null);
        Api.Response defaults = api.get("/api/v1/doctors/" + desk.id() + "/slots", null);

        assertThat(thirtyTwo.status()).as(thirtyTwo.toString()).isEqualTo(400);
        assertThat(thirtyTwo.problem()).isEqualTo("invalid-parameter");
        assertThat(thirtyOne.status()).as(thirtyOne.toString()).isEqualTo(200);
        assertThat(thirtyOne.body().path("slots").size()).isBetween(30 * 16, 32 * 16);
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.problem()).isEqualTo("invalid-parameter");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(unparsable.status()).isEqualTo(400);
        assertThat(unparsable.problem()).isEqualTo("invalid-parameter");
        assertThat(defaults.status()).isEqualTo(200);
        List<String> starts = texts(defaults.body().path("slots"), "start");
        assertThat(starts).hasSizeBetween(6 * 16, 8 * 16);
        assertThat(OffsetDateTime.parse(starts.getLast()).toInstant()).as("the default window is seven days")
                .isBefore(clock.instant().plus(Duration.ofDays(7)));
    }

    @Test
    void onlyVerifiedActiveDoctorsShowSlots() {
        Desk desk = desk(Map.of());
        assertThat(api.put(AVAILABILITY, document(everyDay("09:00", "17:00"), List.of(), 0, 60), desk.token()).status())
                .isEqualTo(200);
        String slotsPath = "/api/v1/doctors/" + desk.id() + "/slots";

        Api.Response unverified = api.get(slotsPath, null);
        assertThat(unverified.status()).as(unverified.toString()).isEqualTo(404);
        assertThat(unverified.problem()).isEqualTo("not-found");
        assertThat(api.get("/api/v1/doctors/" + UUID.randomUUID() + "/slots", null).status()).isEqualTo(404);

        verifyDoctor(desk.id());
        assertThat(api.get(slotsPath, null).status()).isEqualTo(200);
        assertThat(api.get(slotsPath, null).body().path("slots").size()).isPositive();

        Api.Response suspended = api.post("/api/v1/admin/doctors/" + desk.id() + "/suspend",
                Map.of("reason", "Licence under review"), adminToken());
        assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);
        assertThat(api.get(slotsPath, null).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/doctors/" + desk.id(), null).status()).isEqualTo(404);

        Api.Response reinstated = api.post("/api/v1/admin/doctors/" + desk.id() + "/reinstate", null, adminToken());
        assertThat(reinstated.status()).as(reinstated.toString()).isEqualTo(200);
        Api.Response back = api.get(slotsPath, null);
        assertThat(back.status()).isEqualTo(200);
        assertThat(back.body().path("slots").size()).isPositive();
    }

    @Test
    void minimumNoticeHidesASlotThirtyMinutesAway() {
        // Move "now" to 09:57 tomorrow in Berlin before anyone signs in (tokens are checked against this clock).
        ZonedDateTime target = ZonedDateTime.of(LocalDate.ofInstant(clock.instant(), BERLIN).plusDays(1),
                LocalTime.of(9, 57), BERLIN);
        clock.advance(Duration.between(clock.instant(), target.toInstant()));
        Desk desk = bookableDesk(Map.of(), everyDay("09:00", "17:00"), 60, 30);
        LocalDate today = target.toLocalDate();
        OffsetDateTime from = local(today, "00:00", BERLIN);
        OffsetDateTime to = local(today.plusDays(1), "00:00", BERLIN);

        List<LocalTime> withNotice = localStarts(slots(desk.id(), from, to), BERLIN);

        assertThat(withNotice).as("10:30 is about 33 minutes away; 11:00 about 63").doesNotContain(LocalTime.of(10, 30))
                .startsWith(LocalTime.of(11, 0));

        assertThat(api.put(AVAILABILITY, document(everyDay("09:00", "17:00"), List.of(), 0, 30), desk.token()).status())
                .isEqualTo(200);
        List<LocalTime> withoutNotice = localStarts(slots(desk.id(), from, to), BERLIN);

        assertThat(withoutNotice).as("past slots are never shown").startsWith(LocalTime.of(10, 0), LocalTime.of(10, 30))
                .hasSize(14);
    }

    // ---------------------------------------------------------------- who may do what

    @Test
    void onlyDoctorsReachTheirAvailability() {
        String patient = patientToken(uniqueEmail("patient"));
        String helper = helperToken(List.of("doctors:manage", "doctors:verify"));
        Map<String, Object> body = document(List.of(rule("MONDAY", "09:00", "12:00", 30, 0, "VIDEO", null)), List.of(), 0, 30);

        for (String token : List.of(patient, helper, adminToken())) {
            assertThat(api.get(AVAILABILITY, token).status()).isEqualTo(403);
            assertThat(api.put(AVAILABILITY, body, token).status()).isEqualTo(403);
            assertThat(api.get(TIME_OFF, token).status()).isEqualTo(403);
            assertThat(api.post(TIME_OFF, Map.of("start", "2027-02-01T10:00+01:00", "end", "2027-02-01T11:00+01:00"),
                    token).status()).isEqualTo(403);
        }
        Api.Response anonymous = api.get(AVAILABILITY, null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(api.put(AVAILABILITY, body, null).status()).isEqualTo(401);
        assertThat(api.get(TIME_OFF, null).status()).isEqualTo(401);
        assertThat(api.delete(TIME_OFF + "/" + UUID.randomUUID(), null).status()).isEqualTo(401);
        assertThat(api.get(AVAILABILITY, "not-a-token").status()).isEqualTo(401);
    }

    @Test
    void aDoctorOnlyEverChangesTheirOwnSchedule() {
        LocalDate date = LocalDate.ofInstant(clock.instant(), BERLIN).plusDays(5);
        String day = date.getDayOfWeek().name();
        Desk first = bookableDesk(Map.of(), List.of(rule(day, "09:00", "10:00", 30, 0, "VIDEO", null)), 0, 60);
        Desk second = bookableDesk(Map.of(), List.of(rule(day, "15:00", "16:00", 30, 0, "VIDEO", null)), 30, 90);
        Api.Response secondBefore = api.get(AVAILABILITY, second.token());
        OffsetDateTime from = local(date, "00:00", BERLIN);
        OffsetDateTime to = local(date.plusDays(1), "00:00", BERLIN);

        Api.Response changed = api.put(AVAILABILITY, document(List.of(rule(day, "11:00", "13:00", 30, 0, "VIDEO", null)),
                List.of(Map.of("date", date.plusDays(1).toString())), 120, 10), first.token());
        Api.Response offFirst = api.post(TIME_OFF, Map.of("start", local(date, "15:00", BERLIN).toString(),
                "end", local(date, "16:00", BERLIN).toString()), first.token());

        assertThat(changed.status()).isEqualTo(200);
        assertThat(offFirst.status()).isEqualTo(201);
        assertThat(api.get(AVAILABILITY, second.token()).body()).isEqualTo(secondBefore.body());
        assertThat(api.get(TIME_OFF, second.token()).body().size()).isZero();
        assertThat(localStarts(slots(second.id(), from, to), BERLIN)).containsExactly(LocalTime.of(15, 0), LocalTime.of(15, 30));
        assertThat(localStarts(slots(first.id(), from, to), BERLIN)).containsExactlyElementsOf(
                List.of(LocalTime.of(11, 0), LocalTime.of(11, 30), LocalTime.of(12, 0), LocalTime.of(12, 30)));
    }

    @Test
    void aDoctorCannotUseTheBackOfficeOnAnotherDoctor() {
        Desk doctor = desk(Map.of());
        NewDoctor other = createDoctor(Map.of());

        Api.Response edit = api.patch("/api/v1/admin/doctors/" + other.id(),
                Map.of("name", "Dr. Someone Else", "timeZone", "Asia/Tokyo"), doctor.token());
        Api.Response ownEdit = api.patch("/api/v1/admin/doctors/" + doctor.id(),
                Map.of("consultationTypes", List.of("IN_PERSON", "VIDEO")), doctor.token());
        Api.Response read = api.get("/api/v1/admin/doctors/" + other.id(), doctor.token());
        Api.Response verify = api.post("/api/v1/admin/doctors/" + doctor.id() + "/verification",
                Map.of("decision", "VERIFIED"), doctor.token());

        assertThat(edit.status()).as(edit.toString()).isEqualTo(403);
        assertThat(ownEdit.status()).isEqualTo(403);
        assertThat(read.status()).isEqualTo(403);
        assertThat(verify.status()).isEqualTo(403);
        Api.Response untouched = api.get("/api/v1/admin/doctors/" + other.id(), adminToken());
        assertThat(untouched.text("name")).isEqualTo("Dr. Anna Müller");
        assertThat(untouched.text("timeZone")).isEqualTo("Europe/Berlin");
        assertThat(api.get("/api/v1/admin/doctors/" + doctor.id(), adminToken()).text("status")).isEqualTo("PENDING");
    }

    // ---------------------------------------------------------------- helpers

    private Desk desk(Map<String, Object> doctorOverrides) {
        NewDoctor doctor = createDoctor(doctorOverrides);
        return new Desk(doctor, doctorToken(doctor));
    }

    /** A verified doctor with the given weekly rules; IN_PERSON rules without a location get the doctor's first. */
    private Desk bookableDesk(Map<String, Object> doctorOverrides, List<Map<String, Object>> rules, int notice, int horizon) {
        Desk desk = desk(doctorOverrides);
        List<Map<String, Object>> placed = rules.stream().map(rule -> {
            if ("IN_PERSON".equals(rule.get("type")) && !rule.containsKey("locationId")) {
                Map<String, Object> copy = new LinkedHashMap<>(rule);
                copy.put("locationId", desk.doctor().locationId());
                return copy;
            }
            return rule;
        }).toList();
        Api.Response put = api.put(AVAILABILITY, document(placed, List.of(), notice, horizon), desk.token());
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        verifyDoctor(desk.id());
        return desk;
    }

    private static Map<String, Object> rule(String day, String start, String end, int slot, int buffer, String type,
            String locationId) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("dayOfWeek", day);
        rule.put("start", start);
        rule.put("end", end);
        rule.put("slotMinutes", slot);
        rule.put("bufferMinutes", buffer);
        rule.put("type", type);
        if (locationId != null) {
            rule.put("locationId", locationId);
        }
        return rule;
    }

    private static List<Map<String, Object>> everyDay(String start, String end) {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            rules.add(rule(day.name(), start, end, 30, 0, "VIDEO", null));
        }
        return rules;
    }

    private static Map<String, Object> document(List<Map<String, Object>> rules, List<Map<String, Object>> overrides,
            int notice, int horizon) {
        return Map.of("weeklyRules", rules, "overrides", overrides, "minimumNoticeMinutes", notice, "horizonDays", horizon);
    }

    private void assertRefused(Desk desk, Map<String, Object> document, int status, String problem, String detail) {
        Api.Response response = api.put(AVAILABILITY, document, desk.token());
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.problem()).as(response.toString()).isEqualTo(problem);
        assertThat(response.text("detail")).containsIgnoringCase(detail);
    }

    private static void assertRule(JsonNode rule, String day, String start, String end, int slot, int buffer, String type,
            String locationId) {
        assertThat(rule.path("dayOfWeek").asString()).isEqualTo(day);
        assertThat(rule.path("start").asString()).isEqualTo(start);
        assertThat(rule.path("end").asString()).isEqualTo(end);
        assertThat(rule.path("slotMinutes").asInt()).isEqualTo(slot);
        assertThat(rule.path("bufferMinutes").asInt()).isEqualTo(buffer);
        assertThat(rule.path("type").asString()).isEqualTo(type);
        JsonNode location = rule.path("locationId");
        assertThat(location.isMissingNode() || location.isNull() ? null : location.asString()).isEqualTo(locationId);
    }

    private Api.Response slots(String doctorId, OffsetDateTime from, OffsetDateTime to) {
        return api.get("/api/v1/doctors/" + doctorId + "/slots?from=" + encode(from) + "&to=" + encode(to), null);
    }

    private static String encode(OffsetDateTime time) {
        return URLEncoder.encode(time.toString(), StandardCharsets.UTF_8);
    }

    private static OffsetDateTime local(LocalDate date, String time, ZoneId zone) {
        return ZonedDateTime.of(date, LocalTime.parse(time), zone).toOffsetDateTime();
    }

    private static List<OffsetDateTime> halfHours(LocalDate date, String first, String last, String offset) {
        List<OffsetDateTime> times = new ArrayList<>();
        for (LocalTime time = LocalTime.parse(first); !time.isAfter(LocalTime.parse(last)); time = time.plusMinutes(30)) {
            times.add(OffsetDateTime.of(date, time, ZoneOffset.of(offset)));
        }
        return times;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            values.add(array.get(i).path(field).asString());
        }
        return values;
    }

    /** The local times, in the given zone, of the slots in a 200 response. */
    private static List<LocalTime> localStarts(Api.Response response, ZoneId zone) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return texts(response.body().path("slots"), "start").stream()
                .map(start -> OffsetDateTime.parse(start).atZoneSameInstant(zone).toLocalTime()).toList();
    }
}
