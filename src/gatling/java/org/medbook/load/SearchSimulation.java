package org.medbook.load;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/** The 20 nearest doctors of one specialty within 25 km of a random point in a demo city, at a constant rate. */
public class SearchSimulation extends Simulation {

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
            .exec(http("20 nearest of a specialty within 25 km")
                    .get("/api/v1/doctors?specialty=#{specialty}&lat=#{lat}&lng=#{lng}&radiusKm=25&size=20")
                    .check(status().is(200)));

    {
        setUp(search.injectOpen(
                rampUsersPerSec(10).to(LoadSettings.RATE).during(LoadSettings.RAMP_SECONDS),
                constantUsersPerSec(LoadSettings.RATE).during(LoadSettings.SECONDS)))
                .protocols(protocol);
    }
}
