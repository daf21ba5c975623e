package org.medbook.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * 30 days of free slots of a random demo doctor: at a constant rate ({@code -Dmedbook.load.model=open},
 * default) or from {@code medbook.load.users} clients without pause ({@code closed}). The line
 * {@code RESULT slots: ...} covers the constant phase only.
 */
public class SlotsSimulation extends Simulation {

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    private final HttpProtocolBuilder protocol = http.baseUrl(LoadSettings.BASE_URL)
            .acceptHeader("application/json")
            .shareConnections();

    private final MeasuredWindow window = new MeasuredWindow("slots", LoadSettings.RAMP_SECONDS, LoadSettings.SECONDS);
    private final ScenarioBuilder slots;

    {
        Instant from = Instant.now().truncatedTo(ChronoUnit.HOURS);
        String days = "from=" + from + "&to=" + from.plus(30, ChronoUnit.DAYS);
        slots = scenario("30-day slots of one doctor")
                .feed(listFeeder(doctorIds()).random())
                .exec(session -> session.set("sentAt", System.nanoTime()))
                .exec(http("30-day slots").get("/api/v1/doctors/#{id}/slots?" + days)
                        .check(status().saveAs("status"), responseTimeInMillis().saveAs("rt"), status().is(200)))
                .exec(window::record);
        setUp(MeasuredWindow.inject(slots, LoadSettings.MODEL, LoadSettings.USERS)).protocols(protocol);
    }

    @Override
    public void before() {
        window.begin();
    }

    @Override
    public void after() {
        System.out.println(window.summary(200));
    }

    /** A few thousand doctor ids, found through the search API before the run. */
    static List<Map<String, Object>> doctorIds() {
        HttpClient client = HttpClient.newHttpClient();
        List<Map<String, Object>> ids = new ArrayList<>();
        for (double[] city : LoadSettings.CITIES) {
            for (int page = 0; page < 2; page++) {
                URI uri = URI.create(LoadSettings.BASE_URL + "/api/v1/doctors?lat=" + city[0] + "&lng=" + city[1]
                        + "&radiusKm=30&size=100&page=" + page);
                try {
                    String body = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
                    Matcher matcher = ID.matcher(body);
                    while (matcher.find()) {
                        ids.add(Map.of("id", matcher.group(1)));
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("Is Medbook running at " + LoadSettings.BASE_URL + "?", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        if (ids.isEmpty()) {
            throw new IllegalStateException("No doctors found: load demo data first (see load/run-load.sh)");
        }
        return ids;
    }
}
