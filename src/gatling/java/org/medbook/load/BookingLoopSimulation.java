package org.medbook.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Cash bookings in a closed loop: {@code medbook.load.users} clients each book a free slot, wait for
 * the answer and book the next one ({@code -Dmedbook.load.model=closed}, the default here). The slots
 * are free ones of the search read model ({@code medbook.search_runs} less {@code booked_times}), drawn at random before the
 * run and each offered once, so the loop measures {@code POST /api/v1/bookings} alone; a 409 then
 * means a slot another client (or patient) took meanwhile. Patients are {@code medbook.load.patients}
 * random ids whose tokens are signed before the run. The line {@code RESULT booking: ...} covers the
 * constant phase only.
 */
public class BookingLoopSimulation extends Simulation {

    private static final int PATIENTS = Integer.getInteger("medbook.load.patients", 2000);
    private static final int SLOTS = Integer.getInteger("medbook.load.slots",
            Math.min(200_000, 2_500 * (LoadSettings.SECONDS + LoadSettings.RAMP_SECONDS)));

    private final MeasuredWindow window = new MeasuredWindow("booking", LoadSettings.RAMP_SECONDS, LoadSettings.SECONDS);
    private final List<UUID> patients = IntStream.range(0, PATIENTS).mapToObj(i -> UUID.randomUUID()).toList();

    private final HttpProtocolBuilder protocol = http.baseUrl(LoadSettings.BASE_URL)
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .shareConnections();

    {
        LoadPatients.signAll(patients);
        ScenarioBuilder book = scenario("cash booking, closed loop")
                .feed(listFeeder(freeSlots()).queue())
                .exec(session -> session.set("sentAt", System.nanoTime()).set("key", UUID.randomUUID().toString())
                        .set("token", LoadPatients.token(patients.get(ThreadLocalRandom.current().nextInt(PATIENTS)))))
                .exec(http("book a cash appointment").post("/api/v1/bookings")
                        .header("Authorization", "Bearer #{token}")
                        .header("Idempotency-Key", "#{key}")
                        .body(StringBody("{\"doctorId\":\"#{doctor}\",\"start\":\"#{start}\",\"type\":\"IN_PERSON\",\"paymentMethod\":\"CASH\"}"))
                        .check(status().saveAs("status"), responseTimeInMillis().saveAs("rt"), status().in(201, 409)))
                .exec(window::record);
        setUp(MeasuredWindow.inject(book, System.getProperty("medbook.load.model", "closed"), LoadSettings.USERS))
                .protocols(protocol);
    }

    @Override
    public void before() {
        window.begin();
    }

    @Override
    public void after() {
        System.out.println(window.summary(201));
    }

    /** Random free in-person slots at least a day ahead (past any doctor's minimum notice). */
    private static List<Map<String, Object>> freeSlots() {
        List<Map<String, Object>> slots = new ArrayList<>();
        try (Connection db = LoadDatabase.connect(LoadPatients.JDBC_URL);
             PreparedStatement query = db.prepareStatement("""
                     SELECT r.doctor_id, lower(r.starts) + k * make_interval(secs => r.step_seconds) AS starts_at
                     FROM medbook.search_runs r
                     CROSS JOIN LATERAL generate_series(0, floor(extract(epoch FROM upper(r.starts) - lower(r.starts))
                                                                  / r.step_seconds)::int) AS k
                     WHERE r.type = 'IN_PERSON' AND lower(r.starts) > now() + interval '1 day'
                       AND NOT EXISTS (SELECT 1 FROM medbook.booked_times b WHERE b.doctor_id = r.doctor_id
                                       AND b.during && tstzrange(lower(r.starts) + k * make_interval(secs => r.step_seconds),
                                                                 lower(r.starts) + k * make_interval(secs => r.step_seconds)
                                                                     + make_interval(secs => r.slot_seconds)))
                     ORDER BY random() LIMIT ?""")) {
            query.setInt(1, SLOTS);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    slots.add(Map.of("doctor", rs.getObject(1, UUID.class).toString(),
                            "start", rs.getObject(2, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC).toString()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read free slots from " + LoadPatients.JDBC_URL, e);
        }
        if (slots.size() < SLOTS) {
            throw new IllegalStateException("Only " + slots.size() + " free slots left for " + SLOTS + " bookings");
        }
        return slots;
    }
}
