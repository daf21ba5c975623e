package org.medbook.doctors.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;
import org.medbook.support.Geo;
import org.medbook.support.IntegrationTest;

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
 * Locations without coordinates go through the Google Maps Geocoding API, played by WireMock in
 * Google's own answer format. Every test uses addresses of its own, because answers are cached in
 * the shared database.
 */
class GeocodingTests extends IntegrationTest {

    private static final String DOCTORS = "/api/v1/admin/doctors";
    private static final String GEOCODE = "/maps/api/geocode/json";
    private static final String KEY = "test-maps-key";

    @Test
    void anAddressGoogleKnowsIsResolvedToItsCoordinatesByAKeyedRequest() {
        String address = "Torstrasse 12, 10119 Berlin " + tag();
        answer(okJson(found(address, 52.529112, 13.401046)));

        NewDoctor doctor = createDoctor(Map.of("locations", List.of(Map.of("name", "Praxis Tor", "address", address))));
        JsonNode location = doctor.created().body().path("locations").get(0);
        assertThat(location.path("geocodeStatus").asString()).isEqualTo("RESOLVED");
        assertThat(location.path("latitude").asDouble()).isEqualTo(52.529112);
        assertThat(location.path("longitude").asDouble()).isEqualTo(13.401046);
        assertThat(location.has("geocodeError")).isFalse();
        assertThat(location.path("address").asString()).isEqualTo(address);
        PROVIDERS.verify(1, geocodeRequest(address));
        PROVIDERS.verify(1, getRequestedFor(urlPathEqualTo(GEOCODE)));

        String second = "Kastanienallee 3, 10435 Berlin " + tag();
        answer(okJson(found(second, 52.5371, 13.4076)));
        Api.Response added = api.post(DOCTORS + "/" + doctor.id() + "/locations",
                Map.of("name", "Praxis Kastanie", "address", second), adminToken());
        assertThat(added.status()).as(added.toString()).isEqualTo(200);
        JsonNode addedLocation = added.body().path("locations").get(1);
        assertThat(addedLocation.path("geocodeStatus").asString()).isEqualTo("RESOLVED");
        assertThat(addedLocation.path("latitude").asDouble()).isEqualTo(52.5371);
        PROVIDERS.verify(1, geocodeRequest(second));

        Api.Response retry = api.post(DOCTORS + "/" + doctor.id() + "/locations/" + doctor.locationId() + "/geocode", null,
                adminToken());
        assertThat(retry.status()).as(retry.toString()).isEqualTo(409);
        assertThat(retry.problem()).isEqualTo("location-resolved");
    }

    @Test
    void anAddressGoogleDoesNotKnowIsKeptAsFailedAndTheAnswerIsCached() {
        String address = "Nichtweg 99, 99999 Nirgendwo " + tag();
        answer(okJson("{\"results\":[],\"status\":\"ZERO_RESULTS\"}"));

        NewDoctor doctor = createDoctor(Map.of("locations", List.of(Map.of("name", "Praxis Nirgendwo", "address", address))));
        assertFailed(doctor.created().body().path("locations").get(0), "address-not-found");
        assertThat(doctor.created().body().path("locations").get(0).path("name").asString()).isEqualTo("Praxis Nirgendwo");

        Api.Response stored = api.get(DOCTORS + "/" + doctor.id(), adminToken());
        JsonNode kept = stored.body().path("locations").get(0);
        assertFailed(kept, "address-not-found");
        assertThat(kept.path("address").asString()).isEqualTo(address);

        Api.Response retried = api.post(DOCTORS + "/" + doctor.id() + "/locations/" + doctor.locationId() + "/geocode", null,
                adminToken());
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertFailed(retried.body().path("locations").get(0), "address-not-found");
        PROVIDERS.verify(1, geocodeRequest(address));
    }

    @Test
    void throttlingFailsTheLocationWithoutCachingSoALaterRetryResolvesIt() {
        String address = "Schoenhauser Allee 40, 10435 Berlin " + tag();
        answer(okJson("{\"results\":[],\"status\":\"OVER_QUERY_LIMIT\",\"error_message\":\"You have exceeded your rate-limit for this API.\"}"));

        NewDoctor doctor = createDoctor(Map.of("locations", List.of(Map.of("name", "Praxis Allee", "address", address))));
        assertFailed(doctor.created().body().path("locations").get(0), "geocoding-over-query-limit");
        String admin = adminToken();
        assertThat(unresolvedIds(admin)).contains(doctor.id());

        answer(okJson(found(address, 52.5393, 13.4126)));
        Api.Response retried = api.post(DOCTORS + "/" + doctor.id() + "/locations/" + doctor.locationId() + "/geocode", null,
                admin);
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        JsonNode location = retried.body().path("locations").get(0);
        assertThat(location.path("geocodeStatus").asString()).isEqualTo("RESOLVED");
        assertThat(location.path("latitude").asDouble()).isEqualTo(52.5393);
        assertThat(location.path("longitude").asDouble()).isEqualTo(13.4126);
        assertThat(location.has("geocodeError")).isFalse();
        PROVIDERS.verify(2, geocodeRequest(address));
        assertThat(unresolvedIds(admin)).doesNotContain(doctor.id());

        NewDoctor neighbour = createDoctor(Map.of("locations", List.of(Map.of("name", "Praxis Nachbar", "address", address))));
        assertThat(neighbour.created().body().path("locations").get(0).path("geocodeStatus").asString()).isEqualTo("RESOLVED");
        PROVIDERS.verify(2, geocodeRequest(address));
    }

    @Test
    void aProviderSlowerThanTheTimeoutFailsTheLocation() {
        String address = "Langsamweg 1, 80331 Muenchen " + tag();
        answer(okJson(found(address, 48.137, 11.575)).withFixedDelay(2000));

        NewDoctor doctor = createDoctor(Map.of("locations", List.of(Map.of("name", "Praxis Langsam", "address", address))));
        assertFailed(doctor.created().body().path("locations").get(0), "geocoding-failed");
        // WireMock logs a request once its delayed answer is written, after the client gave up.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> PROVIDERS.verify(1, geocodeRequest(address)));

        answer(okJson(found(address, 48.137, 11.575)));
        Api.Response retried = api.post(DOCTORS + "/" + doctor.id() + "/locations/" + doctor.locationId() + "/geocode", null,
                adminToken());
        assertThat(retried.body().path("locations").get(0).path("geocodeStatus").asString())
                .as("a timeout is not cached: " + retried).isEqualTo("RESOLVED");
    }

    @Test
    void aServerErrorFailsTheLocation() {
        String address = "Kaputtstrasse 5, 20095 Hamburg " + tag();
        answer(aResponse().withStatus(500).withBody("{\"error\":\"backend\"}"));

        NewDoctor doctor = createDoctor(Map.of("locations", List.of(Map.of("name", "Praxis Kaputt", "address", address))));
        assertFailed(doctor.created().body().path("locations").get(0), "geocoding-failed");
        PROVIDERS.verify(1, geocodeRequest(address));
    }

    @Test
    void theSameAddressWrittenDifferentlyIsAnsweredFromTheCache() {
        String tag = tag();
        String address = "221 Baker Street, London NW1 " + tag;
        answer(okJson(found(address, 51.523767, -0.158555)));

        NewDoctor first = createDoctor(Map.of("locations", List.of(Map.of("name", "Rooms", "address", address))));
        assertThat(first.created().body().path("locations").get(0).path("geocodeStatus").asString()).isEqualTo("RESOLVED");
        PROVIDERS.verify(1, getRequestedFor(urlPathEqualTo(GEOCODE)));

        String sloppy = "  221   BAKER street,  london   nw1 " + tag.toUpperCase(java.util.Locale.ROOT) + "  ";
        NewDoctor second = createDoctor(Map.of("locations", List.of(Map.of("name", "Rooms", "address", sloppy))));
        JsonNode location = second.created().body().path("locations").get(0);
        assertThat(location.path("geocodeStatus").asString()).isEqualTo("RESOLVED");
        assertThat(location.path("latitude").asDouble()).isEqualTo(51.523767);
        assertThat(location.path("longitude").asDouble()).isEqualTo(-0.158555);
        assertThat(location.path("address").asString()).isEqualTo(sloppy.strip());
        PROVIDERS.verify(1, getRequestedFor(urlPathEqualTo(GEOCODE)));
    }

    @Test
    void anAdminGivesAFailedLocationItsCoordinatesByHand() {
        String address = "Unbekannt 7, 01067 Dresden " + tag();
        answer(okJson("{\"results\":[],\"status\":\"ZERO_RESULTS\"}"));
        NewDoctor failed = createDoctor(Map.of("locations", List.of(Map.of("name", "Praxis Elbe", "address", address))));
        NewDoctor fine = createDoctor(Map.of());
        String admin = adminToken();

        Api.Response unresolved = api.get(DOCTORS + "?unresolvedLocations=true&size=100", admin);
        assertThat(unresolved.status()).as(unresolved.toString()).isEqualTo(200);
        JsonNode listed = itemWithId(unresolved, failed.id());
        assertThat(listed).as("the failed doctor is listed").isNotNull();
        assertFailed(listed.path("locations").get(0), "address-not-found");
        assertThat(unresolvedIds(admin)).doesNotContain(fine.id());
        assertThat(resolvedIds(admin)).contains(fine.id()).doesNotContain(failed.id());

        String coordinates = DOCTORS + "/" + failed.id() + "/locations/" + failed.locationId() + "/coordinates";
        Api.Response outOfRange = api.put(coordinates, Map.of("latitude", 95.0, "longitude", 13.7), admin);
        assertThat(outOfRange.status()).isEqualTo(400);
        assertThat(outOfRange.body().path("errors").findValuesAsString("field")).containsExactly("latitude");
        assertThat(api.put(coordinates, Map.of("latitude", 51.05), admin).status()).isEqualTo(400);
        assertThat(api.put(DOCTORS + "/" + failed.id() + "/locations/" + java.util.UUID.randomUUID() + "/coordinates",
                Map.of("latitude", 51.05, "longitude", 13.74), admin).status()).isEqualTo(404);
        assertThat(api.put(coordinates, Map.of("latitude", 51.05, "longitude", 13.74), helperToken(List.of("doctors:verify")))
                .status()).isEqualTo(403);

        Api.Response fixed = api.put(coordinates, Map.of("latitude", 51.0504, "longitude", 13.7373), admin);
        assertThat(fixed.status()).as(fixed.toString()).isEqualTo(200);
        JsonNode location = fixed.body().path("locations").get(0);
        assertThat(location.path("geocodeStatus").asString()).isEqualTo("MANUAL");
        assertThat(location.path("latitude").asDouble()).isEqualTo(51.0504);
        assertThat(location.path("longitude").asDouble()).isEqualTo(13.7373);
        assertThat(location.has("geocodeError")).isFalse();
        assertThat(unresolvedIds(admin)).doesNotContain(failed.id());
        assertThat(resolvedIds(admin)).contains(failed.id());
        PROVIDERS.verify(1, geocodeRequest(address));
    }

    @Test
    void aDoctorWithoutCoordinatesIsFoundByNameButNotByDistanceUntilTheLocationIsFixed() {
        String tag = tag();
        Geo.Point practice = Geo.randomPoint();
        String address = "Hauptplatz 1, Irgendwo " + tag;
        NewDoctor doctor = verifiedWithoutCoordinates("Dr. Lotte " + tag, address, "ZERO_RESULTS", "address-not-found");
        String lat = Double.toString(practice.latitude());
        String lng = Double.toString(practice.longitude());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(ids(api.get("/api/v1/doctors?q=" + tag, null))).containsExactly(doctor.id()));
        JsonNode byName = api.get("/api/v1/doctors?q=" + tag, null).body().path("items").get(0);
        assertThat(byName.has("distanceKm")).isFalse();
        assertThat(ids(api.get("/api/v1/doctors?q=" + tag + "&lat=" + lat + "&lng=" + lng + "&radiusKm=500", null)))
                .as("no coordinates, no distance").isEmpty();

        Geo.Point fixed = Geo.destination(practice, 90, 1.5);
        Api.Response manual = api.put(DOCTORS + "/" + doctor.id() + "/locations/" + doctor.locationId() + "/coordinates",
                Map.of("latitude", fixed.latitude(), "longitude", fixed.longitude()), adminToken());
        assertThat(manual.status()).as(manual.toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Api.Response near = api.get("/api/v1/doctors?q=" + tag + "&lat=" + lat + "&lng=" + lng + "&radiusKm=5", null);
            assertThat(ids(near)).containsExactly(doctor.id());
            assertThat(near.body().path("items").get(0).path("distanceKm").asDouble()).isCloseTo(1.5, within(0.02));
        });
    }

    @Test
    void aRetriedGeocodingAndAnAddedLocationAreKeptAndReachSearch() {
        String tag = tag();
        Geo.Point practice = Geo.randomPoint();
        Geo.Point secondPractice = Geo.destination(practice, 0, 60);
        String address = "Marktplatz 3, Irgendwo " + tag;
        NewDoctor doctor = verifiedWithoutCoordinates("Dr. Greta " + tag, address, "OVER_QUERY_LIMIT",
                "geocoding-over-query-limit");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(ids(api.get("/api/v1/doctors?q=" + tag, null))).containsExactly(doctor.id()));
        assertThat(ids(near(tag, practice))).isEmpty();

        answer(okJson(found(address, practice.latitude(), practice.longitude())));
        Api.Response retried = api.post(DOCTORS + "/" + doctor.id() + "/locations/" + doctor.locationId() + "/geocode",
                null, adminToken());
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        JsonNode stored = api.get(DOCTORS + "/" + doctor.id(), adminToken()).body().path("locations").get(0);
        assertThat(stored.path("geocodeStatus").asString()).isEqualTo("RESOLVED");
        assertThat(stored.path("latitude").asDouble()).isEqualTo(practice.latitude());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(ids(near(tag, practice))).containsExactly(doctor.id()));

        String second = "Bahnhofstrasse 8, Anderswo " + tag;
        answer(okJson(found(second, secondPractice.latitude(), secondPractice.longitude())));
        assertThat(ids(near(tag, secondPractice))).isEmpty();
        Api.Response added = api.post(DOCTORS + "/" + doctor.id() + "/locations",
                Map.of("name", "Praxis Bahnhof", "address", second), adminToken());
        assertThat(added.status()).as(added.toString()).isEqualTo(200);
        JsonNode locations = api.get(DOCTORS + "/" + doctor.id(), adminToken()).body().path("locations");
        assertThat(locations.size()).isEqualTo(2);
        assertThat(locations.get(1).path("address").asString()).isEqualTo(second);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(ids(near(tag, secondPractice))).containsExactly(doctor.id()));
    }

    // ---- helpers ----

    /** A verified doctor with one practice whose address Google answered with {@code status}, so it has no coordinates. */
    private NewDoctor verifiedWithoutCoordinates(String name, String address, String status, String error) {
        answer(okJson("{\"results\":[],\"status\":\"" + status + "\"}"));
        NewDoctor doctor = createDoctor(Map.of("name", name,
                "locations", List.of(Map.of("name", "Praxis", "address", address))));
        assertFailed(doctor.created().body().path("locations").get(0), error);
        verifyDoctor(doctor.id());
        return doctor;
    }

    /** The doctors named by the tag within 5 km of the point. */
    private Api.Response near(String tag, Geo.Point point) {
        return api.get("/api/v1/doctors?q=" + tag + "&lat=" + point.latitude() + "&lng=" + point.longitude()
                + "&radiusKm=5", null);
    }

    private static String tag() {
        String consonants = "bcdfghjklmnpqrstvwxz";
        StringBuilder tag = new StringBuilder("Zg");
        for (int i = 0; i < 8; i++) {
            tag.append(consonants.charAt(ThreadLocalRandom.current().nextInt(consonants.length())));
        }
        return tag.toString();
    }

    /** Google answers every geocoding request so (the newest stub wins over older ones). */
    private static void answer(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        PROVIDERS.stubFor(get(urlPathEqualTo(GEOCODE)).willReturn(response));
    }

    private static RequestPatternBuilder geocodeRequest(String address) {
        return getRequestedFor(urlPathEqualTo(GEOCODE)).withQueryParam("address", equalTo(address.strip()))
                .withQueryParam("key", equalTo(KEY));
    }

    /** Google's answer for one place, as the Geocoding API writes it. */
    private static String found(String address, double latitude, double longitude) {
        return """
                {
                  "results": [{
                    "address_components": [{"long_name": "Berlin", "short_name": "Berlin", "types": ["locality", "political"]}],
                    "formatted_address": "%s",
                    "geometry": {
                      "location": {"lat": %s, "lng": %s},
                      "location_type": "ROOFTOP",
                      "viewport": {"northeast": {"lat": %s, "lng": %s}, "southwest": {"lat": %s, "lng": %s}}
                    },
                    "place_id": "ChIJtest",
                    "types": ["street_address"]
                  }],
                  "status": "OK"
                }
                """.formatted(address, latitude, longitude, latitude + 0.001, longitude + 0.001, latitude - 0.001,
                longitude - 0.001);
    }

    private static void assertFailed(JsonNode location, String error) {
        assertThat(location.path("geocodeStatus").asString()).as(location.toString()).isEqualTo("FAILED");
        assertThat(location.path("geocodeError").asString()).isEqualTo(error);
        assertThat(location.has("latitude")).isFalse();
        assertThat(location.has("longitude")).isFalse();
    }

    private List<String> unresolvedIds(String admin) {
        return doctorIds(api.get(DOCTORS + "?unresolvedLocations=true&size=100", admin));
    }

    private List<String> resolvedIds(String admin) {
        return doctorIds(api.get(DOCTORS + "?unresolvedLocations=false&size=100", admin));
    }

    private static List<String> doctorIds(Api.Response list) {
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        return ids(list);
    }

    private static List<String> ids(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode item : response.body().path("items")) {
            ids.add(item.path("id").asString());
        }
        return ids;
    }

    private static JsonNode itemWithId(Api.Response list, String id) {
        for (JsonNode item : list.body().path("items")) {
            if (item.path("id").asString().equals(id)) {
                return item;
            }
        }
        return null;
    }
}
