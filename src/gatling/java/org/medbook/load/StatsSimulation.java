package org.medbook.load;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Platform statistics ({@code GET /api/v1/admin/stats}) over the data {@code load/stats-load.sh} seeds:
 * in turn a whole year, a month and a week ending on {@code medbook.load.statsTo} (the last seeded day),
 * and the year as CSV, each in a zone drawn from UTC, Europe/Berlin, America/New_York, Asia/Kolkata
 * (+05:30) and Asia/Kathmandu (+05:45). A helper token with {@code reports:read} (user
 * {@code medbook.load.userId}) asks.
 *
 * <ul>
 *   <li>{@code -Dmedbook.load.model=closed} (default): {@code medbook.load.users} clients ask one after another.</li>
 *   <li>{@code -Dmedbook.load.model=open}: {@code medbook.load.rate} requests per second.</li>
 * </ul>
 *
 * The line {@code RESULT stats: ... p50=.. p95=.. p99=..} covers the constant phase only, all kinds together;
 * Gatling's report has each kind apart.
 */
public class StatsSimulation extends Simulation {

    private static final String MODEL = System.getProperty("medbook.load.model", "closed");
    private static final int USERS = Integer.getInteger("medbook.load.users", 4);
    private static final UUID USER = UUID.fromString(System.getProperty("medbook.load.userId",
            "00000000-0000-0000-0000-000000000000"));
    private static final LocalDate TO = LocalDate.parse(System.getProperty("medbook.load.statsTo", "2025-12-31"));
    /** The zones asked in; medbook.load.statsZones (comma-separated) narrows them. */
    private static final List<String> ZONES = narrowed("medbook.load.statsZones", List.of("UTC", "Europe/Berlin",
            "America/New_York", "Asia/Kolkata", "Asia/Kathmandu"));
    /** Request name, days covered, Accept header; medbook.load.statsKinds (request names, comma-separated) narrows them. */
    private static final List<Object[]> KINDS = List.of(new Object[] {"stats year", 365, "application/json"},
            new Object[] {"stats month", 30, "application/json"}, new Object[] {"stats week", 7, "application/json"},
            new Object[] {"stats year csv", 365, "text/csv"}).stream()
            .filter(kind -> narrowed("medbook.load.statsKinds", List.of((String) kind[0])).contains((String) kind[0]))
            .toList();

    private static List<String> narrowed(String property, List<String> all) {
        String wanted = System.getProperty(property, "");
        return wanted.isBlank() ? all : List.of(wanted.split(",")).stream().map(String::strip).toList();
    }

    private final MeasuredWindow window = new MeasuredWindow("stats", LoadSettings.RAMP_SECONDS, LoadSettings.SECONDS);

    private final HttpProtocolBuilder protocol = http.baseUrl(LoadSettings.BASE_URL).shareConnections();

    {
        String token = LoadTokens.helper(USER, List.of("reports:read"));
        List<ChainBuilder> requests = KINDS.stream().map(kind -> {
            String query = "/api/v1/admin/stats?from=" + TO.minusDays((Integer) kind[1] - 1) + "&to=" + TO
                    + "&zone=#{zone}";
            return exec(http((String) kind[0]).get(query).header("Authorization", "Bearer #{token}")
                    .header("Accept", (String) kind[2])
                    .check(status().saveAs("status"), responseTimeInMillis().saveAs("rt"), status().is(200)));
        }).toList();
        ScenarioBuilder started = scenario("platform statistics")
                .exec(session -> session.set("token", token).set("sentAt", System.nanoTime())
                        .set("zone", ZONES.get(ThreadLocalRandom.current().nextInt(ZONES.size()))));
        // Gatling's random switch wants two choices at least: one kind alone is asked every time
        ScenarioBuilder scenario = (requests.size() == 1 ? started.exec(requests.get(0))
                : started.uniformRandomSwitch().on(requests)).exec(window::record);
        PopulationBuilder population = MeasuredWindow.inject(scenario, MODEL, USERS);
        setUp(population).protocols(protocol);
    }

    @Override
    public void before() {
        System.out.println("STATS SETUP: model=" + MODEL + ("closed".equals(MODEL) ? " users=" + USERS
                : " rate=" + LoadSettings.RATE) + " seconds=" + LoadSettings.SECONDS + " ramp=" + LoadSettings.RAMP_SECONDS
                + " to=" + TO + " zones=" + ZONES + " kinds=" + KINDS.stream().map(k -> (String) k[0]).toList());
        window.begin();
    }

    @Override
    public void after() {
        System.out.println(window.summary(200));
    }
}
