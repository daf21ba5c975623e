package org.medbook.search.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.medbook.support.Api;
import org.medbook.support.Geo;
import org.medbook.support.IntegrationTest;
import org.medbook.support.TestDatabase;

import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The public doctor search over the read model. Every test names its doctors with a made-up
 * surname of its own and searches with it (q), so the doctors other tests leave in the shared
 * database never show up; distance tests also use a random point of their own.
 */
class DoctorSearchTests extends IntegrationTest {

    private static final String SEARCH = "/api/v1/doctors";
    private static final String GEOCODE = "/maps/api/geocode/json";
    private static final Duration PROJECTION = Duration.ofSeconds(10);

    @Test
    void textMatchesNameAndSpecialtyRegardlessOfCaseAndAccents() {
        String tag = tag();
        NewDoctor mueller = doctor("Dr. Jörg Müller " + tag, Map.of("specialties", List.of("cardiology")));
        NewDoctor miller = doctor("Dr. Jörg Miller " + tag, Map.of("specialties", List.of("dermatology")));
        NewDoctor brandt = doctor("Dr. Ida Brandt " + tag, Map.of("specialties", List.of("otolaryngology")));
        awaitIndexed(tag, mueller, miller, brandt);

        assertThat(ids(search("q", "muller " + tag))).containsExactly(mueller.id());
        assertThat(ids(search("q", "MÜLLER " + tag.toUpperCase(Locale.ROOT)))).containsExactly(mueller.id());
        assertThat(ids(search("q", "jorg " + tag))).containsExactlyInAnyOrder(mueller.id(), miller.id());
        assertThat(ids(search("q", "CARDIO " + tag))).containsExactly(mueller.id());
        assertThat(ids(search("q", "DERMATÓLOGY " + tag))).containsExactly(miller.id());
        assertThat(ids(search("q", "ear nose " + tag))).containsExactly(brandt.id());
        assertThat(ids(search("q", "throat EAR " + tag))).containsExactly(brandt.id());
        assertThat(ids(search("q", "ear nose muller " + tag))).as("every word must match").isEmpty();

        JsonNode hit = search("q", "muller " + tag).body().path("items").get(0);
        assertThat(hit.path("name").asString()).isEqualTo("Dr. Jörg Müller " + tag);
        assertThat(strings(hit.path("specialties"))).containsExactly("cardiology");
        assertThat(hit.path("distanceKm").isMissingNode()).as("no point, no distance").isTrue();
        assertThat(hit.path("reviewCount").asInt()).isZero();
        assertThat(hit.path("fees").path("IN_PERSON").path("amountMinor").asLong()).isEqualTo(6000);
        assertThat(hit.path("fees").path("VIDEO").path("currency").asString()).isEqualTo("EUR");
    }

    @Test
    void specialtyLanguageAndTypeFilterTheResults() {
        String tag = tag();
        NewDoctor cardiologist = doctor("Dr. Carla " + tag, Map.of("specialties", List.of("cardiology"),
                "languages", List.of("de", "en")));
        NewDoctor dermatologist = doctor("Dr. Dora " + tag, Map.of("specialties", List.of("dermatology"),
                "languages", List.of("fr"), "consultationTypes", List.of("VIDEO"),
                "fees", Map.of("VIDEO", money(3900)), "locations", List.of()));
        NewDoctor pediatrician = doctor("Dr. Paul " + tag, Map.of("specialties", List.of("pediatrics", "allergology"),
                "languages", List.of("en"), "consultationTypes", List.of("IN_PERSON"),
                "fees", Map.of("IN_PERSON", money(5100))));
        awaitIndexed(tag, cardiologist, dermatologist, pediatrician);

        assertThat(ids(search("q", tag, "specialty", "cardiology"))).containsExactly(cardiologist.id());
        assertThat(ids(search("q", tag, "specialty", "allergology"))).containsExactly(pediatrician.id());
        assertThat(ids(search("q", tag, "specialty", "neurology"))).isEmpty();
        assertThat(ids(search("q", tag, "language", "fr"))).containsExactly(dermatologist.id());
        assertThat(ids(search("q", tag, "language", "en"))).containsExactlyInAnyOrder(cardiologist.id(), pediatrician.id());
        assertThat(ids(search("q", tag, "type", "VIDEO"))).containsExactlyInAnyOrder(cardiologist.id(), dermatologist.id());
        assertThat(ids(search("q", tag, "type", "in_person"))).containsExactlyInAnyOrder(cardiologist.id(), pediatrician.id());
        assertThat(ids(search("q", tag, "specialty", "pediatrics", "language", "de"))).isEmpty();
        assertThat(ids(search("q", tag, "specialty", "dermatology", "type", "VIDEO", "language", "fr")))
                .containsExactly(dermatologist.id());
    }

    @Test
    void aPointAndRadiusKeepDoctorsWithinTheGreatCircleDistanceNearestFirst() {
        String tag = tag();
        Geo.Point centre = Geo.randomPoint();
        double bearing = ThreadLocalRandom.current().nextDouble(0, 360);
        Geo.Point at2 = Geo.destination(centre, bearing, 2);
        Geo.Point at5 = Geo.destination(centre, bearing + 90, 5);
        Geo.Point at10 = Geo.destination(centre, bearing + 200, 10);
        Geo.Point at30 = insideTheSearchBox(centre, 30, 25);
        Geo.Point at40 = Geo.destination(centre, bearing + 300, 40);
        NewDoctor near = doctor("Dr. Near " + tag, at(at2, "cardiology"));
        NewDoctor skin = doctor("Dr. Skin " + tag, at(at5, "dermatology"));
        NewDoctor middle = doctor("Dr. Middle " + tag, at(at10, "cardiology"));
        NewDoctor corner = doctor("Dr. Corner " + tag, at(at30, "cardiology"));
        NewDoctor far = doctor("Dr. Far " + tag, at(at40, "cardiology"));
        awaitIndexed(tag, near, skin, middle, corner, far);
        String lat = Double.toString(centre.latitude());
        String lng = Double.toString(centre.longitude());

        Api.Response within25 = search("q", tag, "lat", lat, "lng", lng, "radiusKm", "25");
        assertThat(ids(within25)).as("30 km is inside the bounding box but outside the radius")
                .containsExactly(near.id(), skin.id(), middle.id());
        assertDistances(within25, centre, Map.of(near.id(), at2, skin.id(), at5, middle.id(), at10));

        assertThat(ids(search("q", tag, "lat", lat, "lng", lng)))
                .as("a point without a radius searches 25 km").containsExactly(near.id(), skin.id(), middle.id());
        assertThat(ids(search("q", tag, "lat", lat, "lng", lng, "radiusKm", "25", "specialty", "cardiology")))
                .containsExactly(near.id(), middle.id());
        Api.Response within50 = search("q", tag, "lat", lat, "lng", lng, "radiusKm", "50", "sort", "distance");
        assertThat(ids(within50)).containsExactly(near.id(), skin.id(), middle.id(), corner.id(), far.id());
        assertDistances(within50, centre, Map.of(corner.id(), at30, far.id(), at40));
        assertThat(ids(search("q", tag, "lat", lat, "lng", lng, "radiusKm", "1"))).isEmpty();
        assertThat(ids(search("q", tag, "lat", lat, "lng", lng, "radiusKm", "4.5"))).containsExactly(near.id());
    }

    @Test
    void nearIsGeocodedThroughTheMapsProviderAndThenSearchedLikeAPoint() {
        String tag = tag();
        Geo.Point centre = Geo.randomPoint();
        Geo.Point at3 = Geo.destination(centre, 45, 3);
        Geo.Point at30 = Geo.destination(centre, 225, 30);
        NewDoctor close = doctor("Dr. Close " + tag, at(at3, "neurology"));
        NewDoctor away = doctor("Dr. Away " + tag, at(at30, "neurology"));
        awaitIndexed(tag, close, away);
        String place = "Platz " + tag + ", Springfield";
        PROVIDERS.stubFor(get(urlPathEqualTo(GEOCODE)).withQueryParam("address", equalTo(place))
                .withQueryParam("key", equalTo("test-maps-key"))
                .willReturn(okJson(geocodeAnswer(place, centre))));

        Api.Response found = search("q", tag, "near", place);
        assertThat(found.status()).as(found.toString()).isEqualTo(200);
        assertThat(ids(found)).containsExactly(close.id());
        assertDistances(found, centre, Map.of(close.id(), at3));
        assertThat(ids(search("q", tag, "near", place, "radiusKm", "35"))).containsExactly(close.id(), away.id());
        PROVIDERS.verify(1, getRequestedFor(urlPathEqualTo(GEOCODE)).withQueryParam("address", equalTo(place))
                .withQueryParam("key", equalTo("test-maps-key")));
    }

    @Test
    void aPlaceTheProviderDoesNotKnowIsRefusedAndAnOutageIsA503() {
        String unknown = "Nowhere " + tag();
        PROVIDERS.stubFor(get(urlPathEqualTo(GEOCODE)).withQueryParam("address", equalTo(unknown))
                .willReturn(okJson("{\"results\":[],\"status\":\"ZERO_RESULTS\"}")));
        Api.Response notFound = search("near", unknown);
        assertThat(notFound.status()).as(notFound.toString()).isEqualTo(400);
        assertThat(notFound.problem()).isEqualTo("place-not-found");
        assertThat(notFound.body().path("errors").findValuesAsString("field")).containsExactly("near");

        String throttled = "Busytown " + tag();
        PROVIDERS.stubFor(get(urlPathEqualTo(GEOCODE)).withQueryParam("address", equalTo(throttled))
                .willReturn(okJson("{\"results\":[],\"status\":\"OVER_QUERY_LIMIT\",\"error_message\":\"quota\"}")));
        Api.Response overLimit = search("near", throttled);
        assertThat(overLimit.status()).as(overLimit.toString()).isEqualTo(503);
        assertThat(overLimit.problem()).isEqualTo("geocoding-unavailable");

        String down = "Downtown " + tag();
        PROVIDERS.stubFor(get(urlPathEqualTo(GEOCODE)).withQueryParam("address", equalTo(down))
                .willReturn(aResponse().withStatus(500).withBody("backend error")));
        Api.Response unavailable = search("near", down);
        assertThat(unavailable.status()).as(unavailable.toString()).isEqualTo(503);
        assertThat(unavailable.problem()).isEqualTo("geocoding-unavailable");
    }

    @Test
    void anAvailabilityWindowKeepsOnlyDoctorsWithAFreeSlotInItAndShowsTheNextOne() {
        String tag = tag();
        NewDoctor working = doctorWithHours("Dr. Busy " + tag, Map.of(), 60);
        NewDoctor idle = doctor("Dr. Idle " + tag, Map.of());
        awaitIndexed(tag, working, idle);

        Instant from = clock.instant().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.DAYS);
        Instant to = from.plus(Duration.ofDays(2));
        Api.Response window = search("q", tag, "availableFrom", from.toString(), "availableTo", to.toString());
        assertThat(window.status()).as(window.toString()).isEqualTo(200);
        assertThat(ids(window)).containsExactly(working.id());
        Instant next = OffsetDateTime.parse(window.body().path("items").get(0).path("nextAvailable").asString()).toInstant();
        assertThat(next).isAfterOrEqualTo(from).isBefore(to);

        Instant asked = clock.instant();
        Map<String, JsonNode> all = byId(search("q", tag));
        assertThat(all).containsOnlyKeys(working.id(), idle.id());
        assertThat(all.get(idle.id()).path("nextAvailable").isMissingNode()).isTrue();
        Instant soonest = OffsetDateTime.parse(all.get(working.id()).path("nextAvailable").asString()).toInstant();
        assertThat(soonest).isAfterOrEqualTo(asked.plus(Duration.ofMinutes(60)))
                .isBefore(asked.plus(Duration.ofDays(1)));

        assertThat(ids(search("q", tag, "availableFrom", from.toString(), "availableTo", to.toString(), "type", "IN_PERSON")))
                .as("the hours are for video consultations only").isEmpty();
        assertThat(ids(search("q", tag, "availableFrom", from.toString(), "availableTo", to.toString(), "type", "VIDEO")))
                .containsExactly(working.id());
    }

    @Test
    void resultsSortByFeeWithAndWithoutATypeBySoonestAndByRating() {
        String tag = tag();
        NewDoctor cheapVideo = doctor("Dr. Alpha " + tag, Map.of("fees",
                Map.of("IN_PERSON", money(9000), "VIDEO", money(3000))));
        NewDoctor cheapVisit = doctorWithHours("Dr. Bravo " + tag, Map.of("fees",
                Map.of("IN_PERSON", money(5000), "VIDEO", money(7000))), 0);
        NewDoctor middle = doctorWithHours("Dr. Charlie " + tag, Map.of("fees",
                Map.of("IN_PERSON", money(7000), "VIDEO", money(4000))), 3 * 24 * 60);
        awaitIndexed(tag, cheapVideo, cheapVisit, middle);

        assertThat(ids(search("q", tag, "sort", "fee"))).as("by the lowest fee of any type")
                .containsExactly(cheapVideo.id(), middle.id(), cheapVisit.id());
        assertThat(ids(search("q", tag, "sort", "fee", "type", "IN_PERSON")))
                .containsExactly(cheapVisit.id(), middle.id(), cheapVideo.id());
        assertThat(ids(search("q", tag, "sort", "FEE", "type", "VIDEO")))
                .containsExactly(cheapVideo.id(), middle.id(), cheapVisit.id());

        Instant asked = clock.instant();
        Api.Response soonest = search("q", tag, "sort", "soonest");
        assertThat(ids(soonest)).as("no free slot at all comes last")
                .containsExactly(cheapVisit.id(), middle.id(), cheapVideo.id());
        Map<String, JsonNode> items = byId(soonest);
        Instant first = OffsetDateTime.parse(items.get(cheapVisit.id()).path("nextAvailable").asString()).toInstant();
        Instant second = OffsetDateTime.parse(items.get(middle.id()).path("nextAvailable").asString()).toInstant();
        assertThat(second).isAfterOrEqualTo(asked.plus(Duration.ofDays(3)));
        assertThat(first).isBefore(second);

        Api.Response rating = search("q", tag, "sort", "rating");
        assertThat(rating.status()).as(rating.toString()).isEqualTo(200);
        assertThat(ids(rating)).containsExactlyInAnyOrder(cheapVideo.id(), cheapVisit.id(), middle.id());
        for (JsonNode item : rating.body().path("items")) {
            assertThat(item.path("rating").isMissingNode()).isTrue();
            assertThat(item.path("reviewCount").asInt()).isZero();
        }
    }

    @Test
    void soonestLooksPastBookedFirstSlotsOnEveryPage() {
        clock.setTo(clock.instant());
        String tag = tag();
        NewDoctor early = doctorWithHours("Dr. Early " + tag, Map.of(), 0);
        List<String> earlySlots = freeSlots(early.id(), "VIDEO", clock.instant(), 2);
        Instant secondSlot = OffsetDateTime.parse(earlySlots.get(1)).toInstant();
        // notice that ends less than a minute before the early doctor's second slot: the later doctor's
        // hours are the same, so their first free start is that second slot
        int notice = (int) Duration.between(clock.instant(), secondSlot).toMinutes();
        NewDoctor later = doctorWithHours("Dr. Later " + tag, Map.of(), notice);
        NewDoctor idle = doctor("Dr. Idle " + tag, Map.of());
        awaitIndexed(tag, early, later, idle);
        for (int i = 0; i < 2; i++) {
            Api.Response booked = book(patientToken(uniqueEmail("soonest")), early.id(), earlySlots.get(i), "VIDEO", "CASH",
                    "soonest-" + tag + "-" + i);
            assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        }

        Map<String, JsonNode> all = byId(search("q", tag, "sort", "soonest"));
        assertThat(all.keySet()).as("the early doctor's first two slots are booked")
                .containsExactly(later.id(), early.id(), idle.id());
        assertThat(OffsetDateTime.parse(all.get(later.id()).path("nextAvailable").asString()).toInstant()).isEqualTo(secondSlot);
        assertThat(OffsetDateTime.parse(all.get(early.id()).path("nextAvailable").asString()).toInstant())
                .isEqualTo(OffsetDateTime.parse(earlySlots.get(2)).toInstant());
        List<String> expected = List.of(later.id(), early.id(), idle.id());
        for (int page = 0; page < 4; page++) {
            Api.Response one = search("q", tag, "sort", "soonest", "size", "1", "page", Integer.toString(page));
            assertThat(ids(one)).as("page " + page).isEqualTo(page < 3 ? List.of(expected.get(page)) : List.of());
            assertThat(one.body().path("totalItems").asLong()).as("page " + page).isEqualTo(3);
        }
    }

    @Test
    void pagesAreCutBySizeAndCountEveryMatch() {
        String tag = tag();
        List<NewDoctor> doctors = new ArrayList<>();
        for (String name : List.of("Ada", "Ben", "Cem", "Dag", "Eli")) {
            doctors.add(doctor("Dr. " + name + " " + tag, Map.of()));
        }
        awaitIndexed(tag, doctors.toArray(NewDoctor[]::new));

        List<String> seen = new ArrayList<>();
        int[] expectedSizes = {2, 2, 1};
        for (int page = 0; page < 3; page++) {
            Api.Response response = search("q", tag, "sort", "fee", "page", Integer.toString(page), "size", "2");
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(response.body().path("page").asInt()).isEqualTo(page);
            assertThat(response.body().path("size").asInt()).isEqualTo(2);
            assertThat(response.body().path("totalItems").asLong()).isEqualTo(5);
            assertThat(ids(response)).hasSize(expectedSizes[page]);
            seen.addAll(ids(response));
        }
        assertThat(seen).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(doctors.stream().map(NewDoctor::id).toList());

        Api.Response pastTheEnd = search("q", tag, "page", "3", "size", "2");
        assertThat(pastTheEnd.status()).isEqualTo(200);
        assertThat(ids(pastTheEnd)).isEmpty();
        assertThat(pastTheEnd.body().path("totalItems").asLong()).as("the count does not depend on the page").isEqualTo(5);

        Api.Response defaults = search("q", tag);
        assertThat(defaults.body().path("page").asInt()).isZero();
        assertThat(defaults.body().path("size").asInt()).isEqualTo(20);
        assertThat(ids(defaults)).hasSize(5);
    }

    @Test
    void unverifiedRejectedAndSuspendedDoctorsNeverAppear() {
        String tag = tag();
        String admin = adminToken();
        NewDoctor pending = createDoctor(Map.of("name", "Dr. Pending " + tag));
        NewDoctor rejected = createDoctor(Map.of("name", "Dr. Rejected " + tag));
        assertThat(api.post("/api/v1/admin/doctors/" + rejected.id() + "/verification",
                Map.of("decision", "REJECTED", "reason", "Licence could not be confirmed"), admin).status()).isEqualTo(200);
        NewDoctor suspended = doctor("Dr. Suspended " + tag, Map.of());
        NewDoctor active = doctor("Dr. Active " + tag, Map.of());
        awaitIndexed(tag, suspended, active);

        assertThat(api.post("/api/v1/admin/doctors/" + suspended.id() + "/suspend", Map.of("reason", "complaints"), admin)
                .status()).isEqualTo(200);
        awaitIndexed(tag, active);
        assertThat(pending.created().text("status")).isEqualTo("PENDING");
        assertThat(ids(search("q", "pending " + tag))).isEmpty();
        assertThat(ids(search("q", "rejected " + tag))).isEmpty();
        assertThat(ids(search("q", tag, "specialty", "cardiology", "lat", "52.5208", "lng", "13.3880", "radiusKm", "1")))
                .containsExactly(active.id());

        assertThat(api.post("/api/v1/admin/doctors/" + suspended.id() + "/reinstate", null, admin).status()).isEqualTo(200);
        awaitIndexed(tag, suspended, active);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "specialty=astrology | specialty",
            "radiusKm=5 | radiusKm",
            "lat=52.5 | lng",
            "lng=13.4 | lat",
            "lat=91&lng=13.4 | lat",
            "lat=-90.5&lng=13.4 | lat",
            "lat=52.5&lng=181 | lng",
            "lat=abc&lng=13.4 | lat",
            "lat=52.5&lng=13.4&radiusKm=0 | radiusKm",
            "lat=52.5&lng=13.4&radiusKm=501 | radiusKm",
            "size=101 | size",
            "size=0 | size",
            "page=-1 | page",
            "sort=cheapest | sort",
            "sort=distance | sort",
            "type=PHONE | type",
            "language=English | language",
            "availableFrom=2030-01-10T00:00:00Z&availableTo=2030-01-09T00:00:00Z | availableTo",
            "availableFrom=2030-01-10T00:00:00Z&availableTo=2030-01-10T00:00:00Z | availableTo",
            "availableFrom=2030-01-01T00:00:00Z&availableTo=2030-02-01T00:00:01Z | availableTo",
            "availableFrom=tomorrow | availableFrom",
            "minRating=0.99 | minRating",
            "minRating=5.01 | minRating",
            "lat=52.5&lng=13.4&radiusKm=500.001 | radiusKm",
    })
    void aBadParameterIsRefusedByName(String query, String field) {
        Api.Response response = api.get(SEARCH + "?" + query, null);
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.problem()).isEqualTo("invalid-parameter");
        assertThat(response.body().path("errors").findValuesAsString("field")).containsExactly(field);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "lat=90&lng=180&radiusKm=500",
            "lat=-90&lng=-180&radiusKm=0.001",
            "size=1&page=0",
            "size=100",
            "minRating=1",
            "minRating=5",
            "availableFrom=2030-01-01T00:00:00Z&availableTo=2030-02-01T00:00:00Z",
            "availableFrom=2030-01-01T00:00:00Z",
            "availableTo=2099-01-01T00:00:00Z&availableFrom=2098-12-01T00:00:00Z",
    })
    void everyParameterIsAcceptedAtItsBounds(String query) {
        Api.Response response = api.get(SEARCH + "?" + query, null);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.body().path("items").isArray()).isTrue();
    }

    @Test
    void aQueryOfExactlyAHundredCharactersIsAccepted() {
        assertThat(search("q", "x".repeat(100)).status()).isEqualTo(200);
    }

    @Test
    void aTooLongQueryAndSeveralBadParametersAreAllNamed() {
        Api.Response tooLong = search("q", "x".repeat(101));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body().path("errors").findValuesAsString("field")).containsExactly("q");

        Api.Response many = api.get(SEARCH + "?specialty=astrology&size=500&sort=cheapest&radiusKm=3", null);
        assertThat(many.status()).as(many.toString()).isEqualTo(400);
        assertThat(many.problem()).isEqualTo("invalid-parameter");
        assertThat(many.body().path("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("specialty", "size", "sort", "radiusKm");
        assertThat(many.text("detail")).as("the detail names them too").contains("specialty", "size", "sort", "radiusKm");

        Api.Response window = search("availableFrom", "2030-01-01T00:00:00Z", "availableTo", "2030-01-31T23:59:59Z");
        assertThat(window.status()).as("a window of just under 31 days is fine: " + window).isEqualTo(200);
    }

    @Test
    void theNearQueryIsARangeScanOnTheSpatialIndex() throws Exception {
        String nearQuery = """
                EXPLAIN
                WITH near AS (
                    SELECT sp.doctor_id, min(earth_distance(sp.position, ll_to_earth(52.52, 13.40))) AS distance_m
                    FROM search_points sp
                    WHERE sp.specialty = '%s'
                      AND earth_box(ll_to_earth(52.52, 13.40), 25000) @> sp.position
                      AND earth_distance(sp.position, ll_to_earth(52.52, 13.40)) <= 25000
                    GROUP BY sp.doctor_id)
                SELECT d.*, near.distance_m FROM near JOIN search_doctors d ON d.doctor_id = near.doctor_id
                ORDER BY near.distance_m, d.doctor_id LIMIT 20
                """;
        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET enable_seqscan = off");
            for (String specialty : List.of("*", "cardiology")) {
                StringBuilder plan = new StringBuilder();
                try (ResultSet rows = statement.executeQuery(nearQuery.formatted(specialty))) {
                    while (rows.next()) {
                        plan.append(rows.getString(1)).append('\n');
                    }
                }
                assertThat(plan.toString()).as(plan.toString()).contains("search_points_position_idx");
            }
        }
    }

    // ---- helpers ----

    /** A made-up surname no other test uses: consonants only, so it contains no real word. */
    private static String tag() {
        String consonants = "bcdfghjklmnpqrstvwxz";
        StringBuilder tag = new StringBuilder("Zq");
        for (int i = 0; i < 8; i++) {
            tag.append(consonants.charAt(ThreadLocalRandom.current().nextInt(consonants.length())));
        }
        return tag.toString();
    }

    private static Map<String, Object> money(long amountMinor) {
        return Map.of("amountMinor", amountMinor, "currency", "EUR");
    }

    /** Overrides placing the doctor at one practice with given coordinates and specialty. */
    private static Map<String, Object> at(Geo.Point point, String specialty) {
        return Map.of("specialties", List.of(specialty), "locations", List.of(Map.of("name", "Praxis",
                "address", "Somewhere " + point, "latitude", point.latitude(), "longitude", point.longitude())));
    }

    /** A verified doctor with the given name. */
    private NewDoctor doctor(String name, Map<String, Object> overrides) {
        Map<String, Object> all = new LinkedHashMap<>(overrides);
        all.put("name", name);
        NewDoctor doctor = createDoctor(all);
        verifyDoctor(doctor.id());
        return doctor;
    }

    /**
     * A verified doctor with video hours from 08:00 to 20:00 every day of the week, in 30-minute slots.
     * The hours are set before the verification, so the projection of the verification sees them.
     */
    private NewDoctor doctorWithHours(String name, Map<String, Object> overrides, int minimumNoticeMinutes) {
        Map<String, Object> all = new LinkedHashMap<>(overrides);
        all.put("name", name);
        NewDoctor doctor = createDoctor(all);
        List<Map<String, Object>> rules = Arrays.stream(DayOfWeek.values())
                .map(day -> Map.<String, Object>of("dayOfWeek", day.name(), "start", "08:00", "end", "20:00",
                        "slotMinutes", 30, "bufferMinutes", 0, "type", "VIDEO"))
                .toList();
        Api.Response schedule = api.put("/api/v1/doctor/availability", Map.of("weeklyRules", rules,
                "minimumNoticeMinutes", minimumNoticeMinutes, "horizonDays", 60), doctorToken(doctor));
        assertThat(schedule.status()).as(schedule.toString()).isEqualTo(200);
        verifyDoctor(doctor.id());
        return doctor;
    }

    /** Waits until searching for the tag finds exactly these doctors. */
    private void awaitIndexed(String tag, NewDoctor... doctors) {
        List<String> expected = Arrays.stream(doctors).map(NewDoctor::id).toList();
        await().atMost(PROJECTION).untilAsserted(() -> assertThat(ids(search("q", tag, "size", "100")))
                .containsExactlyInAnyOrderElementsOf(expected));
    }

    private Api.Response search(String... parameters) {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < parameters.length; i += 2) {
            query.append(i == 0 ? "?" : "&").append(parameters[i]).append('=')
                    .append(URLEncoder.encode(parameters[i + 1], StandardCharsets.UTF_8));
        }
        return api.get(SEARCH + query, null);
    }

    private static List<String> ids(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode item : response.body().path("items")) {
            ids.add(item.path("id").asString());
        }
        return ids;
    }

    private static Map<String, JsonNode> byId(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        Map<String, JsonNode> items = new LinkedHashMap<>();
        for (JsonNode item : response.body().path("items")) {
            items.put(item.path("id").asString(), item);
        }
        return items;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        for (JsonNode value : array) {
            values.add(value.asString());
        }
        return values;
    }

    private static void assertDistances(Api.Response response, Geo.Point centre, Map<String, Geo.Point> locations) {
        Map<String, JsonNode> items = byId(response);
        locations.forEach((id, location) -> {
            double expected = Geo.haversineKm(centre, location);
            assertThat(items.get(id).path("distanceKm").isNumber()).as("distanceKm of %s", id).isTrue();
            assertThat(items.get(id).path("distanceKm").asDouble()).as("distanceKm of %s", id)
                    .isCloseTo(expected, within(expected * 0.005));
        });
        List<Double> distances = new ArrayList<>();
        for (JsonNode item : response.body().path("items")) {
            distances.add(item.path("distanceKm").asDouble());
        }
        assertThat(distances).isSorted();
        assertThat(new HashSet<>(ids(response))).containsAll(locations.keySet());
    }

    /**
     * A point {@code km} from the centre that still lies in earthdistance's {@code earth_box} of
     * {@code radiusKm} (a cube around the centre, so its corners reach about 1.4 times further): only
     * the exact great-circle filter can leave it out.
     */
    private static Geo.Point insideTheSearchBox(Geo.Point centre, double km, double radiusKm) {
        double[] origin = cartesian(centre);
        Geo.Point best = null;
        double bestReach = Double.MAX_VALUE;
        for (int bearing = 0; bearing < 360; bearing++) {
            Geo.Point candidate = Geo.destination(centre, bearing, km);
            double[] point = cartesian(candidate);
            double reach = 0;
            for (int axis = 0; axis < 3; axis++) {
                reach = Math.max(reach, Math.abs(point[axis] - origin[axis]));
            }
            if (reach < bestReach) {
                bestReach = reach;
                best = candidate;
            }
        }
        assertThat(bestReach).as("a box corner direction").isLessThan(radiusKm * 0.95);
        return best;
    }

    /** Earth-centred coordinates in km on earthdistance's sphere (earth() = 6378.168 km). */
    private static double[] cartesian(Geo.Point point) {
        double lat = Math.toRadians(point.latitude());
        double lng = Math.toRadians(point.longitude());
        double radius = 6378.168;
        return new double[] {radius * Math.cos(lat) * Math.cos(lng), radius * Math.cos(lat) * Math.sin(lng),
                radius * Math.sin(lat)};
    }

    static String geocodeAnswer(String address, Geo.Point point) {
        return """
                {"results":[{"formatted_address":"%s","geometry":{"location":{"lat":%s,"lng":%s},"location_type":"GEOMETRIC_CENTER"},"place_id":"test-place","types":["route"]}],"status":"OK"}
                """.formatted(address, point.latitude(), point.longitude());
    }
}
