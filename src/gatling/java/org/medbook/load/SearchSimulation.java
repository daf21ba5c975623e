package org.medbook.load;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The 20 nearest doctors of one specialty within 25 km of a random point in a demo city: at a
 * constant rate ({@code -Dmedbook.load.model=open}, default) or from {@code medbook.load.users} clients
 * without pause ({@code closed}). The line {@code RESULT search: ...} covers the constant phase only.
 */
public class SearchSimulation extends Simulation {

    private final MeasuredWindow window = new MeasuredWindow("search", LoadSettings.RAMP_SECONDS, LoadSettings.SECONDS);

    private final Iterator<Map<String, Object>> points = Stream.generate(() -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        double[] city = LoadSettings.CITIES.get(random.nextInt(LoadSettings.CITIES.size()));
        return Map.<String, Object>of(
                "lat", city[0] + (random.nextDouble() - 0.5) * 0.2,
                "lng", city[1] + (random.nextDouble() - 0.5) * 0.2,
                "specialty", LoadSettings.SPECIALTIES.get(random.nextInt(LoadSettings.SPECIALTIES.size())));
    }).iterator();

    private final HttpProtocolBuilder protocol = http.baseUrl(LoadSettings.BASE_URL)
            .acceptHeader("application/json")
            .shareConnections();

    private final ScenarioBuilder search = scenario("search near a point")
            .feed(points)
            .exec(session -> session.set("sentAt", System.nanoTime()))
            .exec(http("20 nearest of a specialty within 25 km")
                    .get("/api/v1/doctors?specialty=#{specialty}&lat=#{lat}&lng=#{lng}&radiusKm=25&size=20")
                    .check(status().saveAs("status"), responseTimeInMillis().saveAs("rt"), status().is(200)))
            .exec(window::record);

    {
        setUp(MeasuredWindow.inject(search, LoadSettings.MODEL, LoadSettings.USERS)).protocols(protocol);
    }

    @Override
    public void before() {
        window.begin();
    }

    @Override
    public void after() {
        System.out.println(window.summary(200));
    }
}
