package org.medbook.load;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Cash bookings by patients who exist as users (inserted by {@code load/notifications-load.sh}), so
 * every confirmed booking notifies its patient and its doctor, in-app and by e-mail. Each virtual
 * patient looks up one random doctor's free slots in one week, then books one of them.
 *
 * <ul>
 *   <li>{@code -Dmedbook.load.model=open} (default): new patients arrive at {@code medbook.load.rate} per
 *       second after a ramp; shows latency at a given rate.</li>
 *   <li>{@code -Dmedbook.load.model=closed}: {@code medbook.load.users} patients book one after another
 *       without pause; shows the throughput at saturation.</li>
 *   <li>{@code -Dmedbook.load.week=N}: book in the N-th week from now (1..7 fit the demo doctors' 60-day
 *       horizon), so consecutive runs need not share slots.</li>
 *   <li>{@code -Dmedbook.load.sides=a=http://127.0.0.1:8091,b=http://127.0.0.1:8092}: the same load on two
 *       servers at once (each on its own copy of one seeded database, so the doctors and patients read from
 *       the first are those of both), one population of {@code users} or {@code rate} per server, started
 *       together by this one generator: both sides meet the same machine at the same moments
 *       ({@code load/side-by-side-load.sh}).</li>
 * </ul>
 *
 * The line {@code RESULT booking: ... rate201=..} (with sides: {@code RESULT booking-a: ...} per side) counts
 * the 201s answered in the constant phase only.
 */
public class NotifiedBookingSimulation extends Simulation {

    private static final String MODEL = System.getProperty("medbook.load.model", "open");
    private static final int USERS = Integer.getInteger("medbook.load.users", 32);
    private static final int WEEK = Integer.getInteger("medbook.load.week", 1);

    /** Side name to base URL, in order; one unnamed side (LoadSettings.BASE_URL) unless told. */
    private static final Map<String, String> SIDES = sides(System.getProperty("medbook.load.sides", ""));

    private final List<Map<String, Object>> doctors = SlotsSimulation.doctorIds();
    private final List<UUID> patients = LoadPatients.seeded();
    private final Map<String, MeasuredWindow> windows = new LinkedHashMap<>();

    {
        LoadPatients.signAll(patients);
        Instant from = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(7L * WEEK, ChronoUnit.DAYS);
        String week = "from=" + from + "&to=" + from.plus(7, ChronoUnit.DAYS);
        List<PopulationBuilder> populations = new ArrayList<>();
        SIDES.forEach((side, baseUrl) -> {
            MeasuredWindow window = new MeasuredWindow(side.isEmpty() ? "booking" : "booking-" + side,
                    LoadSettings.RAMP_SECONDS, LoadSettings.SECONDS);
            windows.put(side, window);
            populations.add(MeasuredWindow.inject(bookings(side, week, window), MODEL, USERS).protocols(protocol(baseUrl)));
        });
        setUp(populations);
    }

    private ScenarioBuilder bookings(String side, String week, MeasuredWindow window) {
        ChainBuilder book = exec(session -> session.set("sentAt", System.nanoTime()))
                .exec(http("book a cash appointment").post("/api/v1/bookings")
                        .header("Authorization", "Bearer #{token}")
                        .header("Idempotency-Key", "#{key}")
                        .body(StringBody("{\"doctorId\":\"#{id}\",\"start\":\"#{start}\",\"type\":\"IN_PERSON\",\"paymentMethod\":\"CASH\"}"))
                        // 409: another virtual patient took the same random slot first, as a real one would.
                        .check(status().saveAs("status"), responseTimeInMillis().saveAs("rt"), status().in(201, 409)))
                .exec(window::record);
        return scenario(side.isEmpty() ? "cash booking by a seeded patient" : "cash booking by a seeded patient, side " + side)
                .feed(visits())
                .exec(http("free slots of a doctor (7 days)").get("/api/v1/doctors/#{id}/slots?type=IN_PERSON&" + week)
                        .check(status().is(200), jsonPath("$.slots[*].start").findRandom().optional().saveAs("start")))
                .doIf(session -> session.contains("start")).then(book);
    }

    /** Random doctors and patients, a feeder of its own per side. */
    private Iterator<Map<String, Object>> visits() {
        return Stream.generate(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            Map<String, Object> doctor = doctors.get(random.nextInt(doctors.size()));
            UUID patient = patients.get(random.nextInt(patients.size()));
            return Map.<String, Object>of("id", doctor.get("id"), "token", LoadPatients.token(patient),
                    "key", UUID.randomUUID().toString());
        }).iterator();
    }

    private static HttpProtocolBuilder protocol(String baseUrl) {
        return http.baseUrl(baseUrl)
                .acceptHeader("application/json")
                .contentTypeHeader("application/json")
                .shareConnections();
    }

    private static Map<String, String> sides(String property) {
        Map<String, String> sides = new LinkedHashMap<>();
        if (property.isBlank()) {
            sides.put("", LoadSettings.BASE_URL);
            return sides;
        }
        for (String side : property.split(",")) {
            String[] nameAndUrl = side.split("=", 2);
            if (nameAndUrl.length != 2 || nameAndUrl[0].isBlank()) {
                throw new IllegalArgumentException("medbook.load.sides is name=url[,name=url...]: " + property);
            }
            sides.put(nameAndUrl[0].strip(), nameAndUrl[1].strip());
        }
        return sides;
    }

    @Override
    public void before() {
        System.out.println("BOOKING SETUP: model=" + MODEL + ("closed".equals(MODEL) ? " users=" + USERS : " rate=" + LoadSettings.RATE)
                + " seconds=" + LoadSettings.SECONDS + " ramp=" + LoadSettings.RAMP_SECONDS + " week=" + WEEK
                + " doctors=" + doctors.size() + " patients=" + patients.size() + " sides=" + SIDES);
        windows.values().forEach(MeasuredWindow::begin);
    }

    @Override
    public void after() {
        windows.values().forEach(window -> System.out.println(window.summary(201)));
    }
}
