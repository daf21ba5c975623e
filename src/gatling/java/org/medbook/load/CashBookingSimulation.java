package org.medbook.load;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Patients book cash appointments at a constant rate: each looks up one random doctor's free slots
 * for the coming week, then books one of them. Both requests are measured separately.
 */
public class CashBookingSimulation extends Simulation {

    private final List<Map<String, Object>> doctors = SlotsSimulation.doctorIds();

    private final Iterator<Map<String, Object>> patients = Stream.generate(() -> {
        Map<String, Object> doctor = doctors.get(ThreadLocalRandom.current().nextInt(doctors.size()));
        UUID patient = UUID.randomUUID();
        return Map.<String, Object>of("id", doctor.get("id"), "token", LoadTokens.patient(patient),
                "key", UUID.randomUUID().toString());
    }).iterator();

    private final HttpProtocolBuilder protocol = http.baseUrl(LoadSettings.BASE_URL)
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .shareConnections();

    private final ScenarioBuilder book;

    {
        Instant from = Instant.now().truncatedTo(ChronoUnit.HOURS);
        String window = "from=" + from + "&to=" + from.plus(7, ChronoUnit.DAYS);
        book = scenario("cash booking")
                .feed(patients)
                .exec(http("free slots of a doctor (7 days)").get("/api/v1/doctors/#{id}/slots?type=IN_PERSON&" + window)
                        .check(status().is(200), jsonPath("$.slots[*].start").findRandom().optional().saveAs("start")))
                .doIf(session -> session.contains("start")).then(
                        io.gatling.javaapi.core.CoreDsl.exec(http("book a cash appointment").post("/api/v1/bookings")
                                .header("Authorization", "Bearer #{token}")
                                .header("Idempotency-Key", "#{key}")
                                .body(io.gatling.javaapi.core.CoreDsl.StringBody(
                                        "{\"doctorId\":\"#{id}\",\"start\":\"#{start}\",\"type\":\"IN_PERSON\",\"paymentMethod\":\"CASH\"}"))
                                // 409: another virtual patient took the same random slot first, as a real one would.
                                .check(status().in(201, 409))));
        setUp(book.injectOpen(
                rampUsersPerSec(10).to(LoadSettings.RATE).during(LoadSettings.RAMP_SECONDS),
                constantUsersPerSec(LoadSettings.RATE).during(LoadSettings.SECONDS)))
                .protocols(protocol);
    }
}
