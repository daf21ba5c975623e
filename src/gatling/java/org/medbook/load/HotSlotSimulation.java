package org.medbook.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * 500 patients at once race for the 16 next free slots of one doctor. Afterwards the database must
 * hold exactly 16 active appointments in those slots, 16 answers must be 201 and every other one 409;
 * the simulation fails otherwise. The line {@code HOT SLOT RESULT: ...} gives the counts and the
 * answers' p50/p99/max.
 */
public class HotSlotSimulation extends Simulation {

    private static final Pattern START = Pattern.compile("\"start\":\"([^\"]+)\"");
    private static final int USERS = Integer.getInteger("medbook.load.raceUsers", 500);
    private static final int SLOTS = 16;

    private final String doctorId = (String) SlotsSimulation.doctorIds().get(0).get("id");
    private final List<String> slots = firstSlots(doctorId);
    private final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Integer> times = new ConcurrentLinkedQueue<>();

    private final HttpProtocolBuilder protocol = http.baseUrl(LoadSettings.BASE_URL)
            .acceptHeader("application/json").contentTypeHeader("application/json").shareConnections();

    private final ScenarioBuilder race = scenario("hot slots")
            .feed(Stream.generate(() -> Map.<String, Object>of(
                    "token", LoadTokens.patient(UUID.randomUUID()),
                    "start", slots.get(ThreadLocalRandom.current().nextInt(slots.size())),
                    "key", UUID.randomUUID().toString())).iterator())
            .exec(http("race for one of 16 slots").post("/api/v1/bookings")
                    .header("Authorization", "Bearer #{token}").header("Idempotency-Key", "#{key}")
                    .body(StringBody("{\"doctorId\":\"" + doctorId
                            + "\",\"start\":\"#{start}\",\"type\":\"IN_PERSON\",\"paymentMethod\":\"CASH\"}"))
                    .check(status().saveAs("status"), responseTimeInMillis().saveAs("rt"), status().in(201, 409)))
            .exec(session -> {
                statuses.merge(session.contains("status") ? session.getInt("status") : 0, 1, Integer::sum);
                times.add(session.contains("rt") ? session.getInt("rt") : Integer.MAX_VALUE);
                return session;
            });

    {
        setUp(race.injectOpen(atOnceUsers(USERS))).protocols(protocol);
    }

    @Override
    public void after() {
        String url = System.getProperty("medbook.load.jdbcUrl", "jdbc:postgresql://127.0.0.1:5432/medbook_load");
        try (Connection db = LoadDatabase.connect(url);
             PreparedStatement query = db.prepareStatement("""
                     SELECT count(*) FROM medbook.appointments WHERE doctor_id = ?::uuid
                       AND status IN ('PENDING_PAYMENT','PENDING_APPROVAL','CONFIRMED') AND starts_at = ANY (?::timestamptz[])
                     """)) {
            query.setString(1, doctorId);
            query.setArray(2, db.createArrayOf("text", slots.toArray()));
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                int booked = rs.getInt(1);
                int[] sorted = times.stream().mapToInt(Integer::intValue).sorted().toArray();
                int created = statuses.getOrDefault(201, 0);
                int conflicts = statuses.getOrDefault(409, 0);
                System.out.println("HOT SLOT RESULT: " + booked + " active bookings in " + slots.size() + " slots for "
                        + USERS + " patients; answers " + statuses + " created=" + created + " conflicts=" + conflicts
                        + " p50=" + percentile(sorted, 50) + " p99=" + percentile(sorted, 99)
                        + " max=" + (sorted.length == 0 ? 0 : sorted[sorted.length - 1]));
                if (booked != slots.size() || created != slots.size() || conflicts != USERS - slots.size()) {
                    throw new IllegalStateException("Expected exactly " + slots.size() + " bookings (201) and "
                            + (USERS - slots.size()) + " 409s, found " + booked + " in the database and answers " + statuses);
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int percentile(int[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static List<String> firstSlots(String doctorId) {
        Instant from = Instant.now().truncatedTo(ChronoUnit.HOURS);
        URI uri = URI.create(LoadSettings.BASE_URL + "/api/v1/doctors/" + doctorId + "/slots?type=IN_PERSON&from=" + from
                + "&to=" + from.plus(14, ChronoUnit.DAYS));
        try {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            List<String> starts = new ArrayList<>();
            Matcher matcher = START.matcher(body);
            while (matcher.find() && starts.size() < SLOTS) {
                starts.add(matcher.group(1));
            }
            if (starts.size() < SLOTS) {
                throw new IllegalStateException("The doctor has fewer than " + SLOTS + " free slots");
            }
            return starts;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
