package org.medbook.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Doctors' own reports over the data {@code load/stats-load.sh} seeds: each request is made by a doctor
 * drawn at random from the {@code medbook.load.statsDoctors} seeded ones (ids {@code md5('load-stats-doctor-' || n)},
 * as the seed writes them; about 500 bookings each over the year), signed in with a token of their own, and
 * asks in turn for the year's earnings by month, the year's earnings by day as CSV, the year's booking
 * report and the last month's booking report, all ending on {@code medbook.load.statsTo}.
 * {@code medbook.load.reportKinds} (request names, comma-separated) narrows the kinds.
 *
 * <ul>
 *   <li>{@code -Dmedbook.load.model=closed} (default): {@code medbook.load.users} clients ask one after another.</li>
 *   <li>{@code -Dmedbook.load.model=open}: {@code medbook.load.rate} requests per second.</li>
 * </ul>
 *
 * The line {@code RESULT doctor-reports: ... p50=.. p95=.. p99=..} covers the constant phase only, all kinds
 * together; Gatling's report has each kind apart.
 */
public class DoctorReportsSimulation extends Simulation {

    private static final String MODEL = System.getProperty("medbook.load.model", "closed");
    private static final int USERS = Integer.getInteger("medbook.load.users", 4);
    private static final int DOCTORS = Integer.getInteger("medbook.load.statsDoctors", 10_000);
    private static final LocalDate TO = LocalDate.parse(System.getProperty("medbook.load.statsTo", "2025-12-31"));
    private static final String YEAR = "from=" + TO.minusDays(364) + "&to=" + TO;
    private static final String MONTH = "from=" + TO.minusDays(29) + "&to=" + TO;
    /** Request name, path and query, Accept header. */
    private static final List<String[]> KINDS = List.of(
            new String[] {"earnings year by month", "/api/v1/doctor/reports/earnings?" + YEAR + "&groupBy=month", "application/json"},
            new String[] {"earnings year by day csv", "/api/v1/doctor/reports/earnings?" + YEAR + "&groupBy=day", "text/csv"},
            new String[] {"bookings year", "/api/v1/doctor/reports/bookings?" + YEAR, "application/json"},
            new String[] {"bookings month", "/api/v1/doctor/reports/bookings?" + MONTH, "application/json"}).stream()
            .filter(kind -> wanted(kind[0]))
            .toList();

    private static boolean wanted(String kind) {
        String narrowed = System.getProperty("medbook.load.reportKinds", "");
        return narrowed.isBlank() || List.of(narrowed.split(",")).stream().map(String::strip).toList().contains(kind);
    }

    /** One token per doctor, made when the doctor first asks (tokens live 15 minutes, longer than a run). */
    private static final Map<Integer, String> TOKENS = new ConcurrentHashMap<>();

    private final MeasuredWindow window = new MeasuredWindow("doctor-reports", LoadSettings.RAMP_SECONDS, LoadSettings.SECONDS);

    private final HttpProtocolBuilder protocol = http.baseUrl(LoadSettings.BASE_URL).shareConnections();

    {
        List<ChainBuilder> requests = KINDS.stream()
                .map(kind -> exec(http(kind[0]).get(kind[1]).header("Authorization", "Bearer #{token}")
                        .header("Accept", kind[2])
                        .check(status().saveAs("status"), responseTimeInMillis().saveAs("rt"), status().is(200))))
                .toList();
        ScenarioBuilder started = scenario("doctor reports").exec(session -> {
            int doctor = ThreadLocalRandom.current().nextInt(DOCTORS);
            return session.set("token", TOKENS.computeIfAbsent(doctor, n -> LoadTokens.user(seededDoctor(n), "DOCTOR")))
                    .set("sentAt", System.nanoTime());
        });
        // Gatling's random switch wants two choices at least: one kind alone is asked every time
        ScenarioBuilder scenario = (requests.size() == 1 ? started.exec(requests.get(0))
                : started.uniformRandomSwitch().on(requests)).exec(window::record);
        PopulationBuilder population = MeasuredWindow.inject(scenario, MODEL, USERS);
        setUp(population).protocols(protocol);
    }

    /** The id the seed gives doctor n: PostgreSQL's {@code md5('load-stats-doctor-' || n)::uuid}. */
    static UUID seededDoctor(int n) {
        try {
            ByteBuffer digest = ByteBuffer.wrap(MessageDigest.getInstance("MD5")
                    .digest(("load-stats-doctor-" + n).getBytes(StandardCharsets.UTF_8)));
            return new UUID(digest.getLong(), digest.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void before() {
        System.out.println("DOCTOR REPORTS SETUP: model=" + MODEL + ("closed".equals(MODEL) ? " users=" + USERS
                : " rate=" + LoadSettings.RATE) + " seconds=" + LoadSettings.SECONDS + " ramp=" + LoadSettings.RAMP_SECONDS
                + " doctors=" + DOCTORS + " to=" + TO + " kinds=" + KINDS.stream().map(k -> k[0]).toList());
        window.begin();
    }

    @Override
    public void after() {
        System.out.println(window.summary(200));
    }
}
