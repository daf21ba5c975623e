package org.medbook.load;

import java.util.UUID;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * One user with a large inbox (inserted by {@code load/inbox-load.sh}) asks again and again for
 * either the unread count ({@code -Dmedbook.load.inbox=count}, default) or the first page of 20
 * notifications ({@code -Dmedbook.load.inbox=page}).
 *
 * <ul>
 *   <li>{@code -Dmedbook.load.userId=<uuid>}: the user (required).</li>
 *   <li>{@code -Dmedbook.load.model=open} (default): requests arrive at {@code medbook.load.rate} per second
 *       after a ramp; shows the latency at that rate.</li>
 *   <li>{@code -Dmedbook.load.model=closed}: {@code medbook.load.users} clients ask one after another
 *       without pause; shows the most the server answers per second.</li>
 * </ul>
 *
 * The line {@code RESULT inbox-<kind>: ... rate200=..} covers the constant phase only.
 */
public class InboxSimulation extends Simulation {

    private static final String MODEL = System.getProperty("medbook.load.model", "open");
    private static final String KIND = System.getProperty("medbook.load.inbox", "count");
    private static final int USERS = Integer.getInteger("medbook.load.users", 8);
    private static final UUID USER = UUID.fromString(required("medbook.load.userId"));

    private final MeasuredWindow window = new MeasuredWindow("inbox-" + KIND, LoadSettings.RAMP_SECONDS, LoadSettings.SECONDS);

    private final HttpProtocolBuilder protocol = http.baseUrl(LoadSettings.BASE_URL)
            .acceptHeader("application/json")
            .shareConnections();

    {
        String path = switch (KIND) {
            case "count" -> "/api/v1/notifications/unread-count";
            case "page" -> "/api/v1/notifications?size=20";
            default -> throw new IllegalArgumentException("medbook.load.inbox is count or page, not " + KIND);
        };
        ScenarioBuilder scenario = scenario("inbox " + KIND + " of one user")
                .exec(session -> session.set("token", LoadPatients.token(USER)).set("sentAt", System.nanoTime()))
                .exec(http("page".equals(KIND) ? "first page of 20 notifications" : "unread count").get(path)
                        .header("Authorization", "Bearer #{token}")
                        .check(status().saveAs("status"), responseTimeInMillis().saveAs("rt"), status().is(200)))
                .exec(window::record);
        PopulationBuilder population = MeasuredWindow.inject(scenario, MODEL, USERS);
        setUp(population).protocols(protocol);
    }

    @Override
    public void before() {
        System.out.println("INBOX SETUP: kind=" + KIND + " model=" + MODEL
                + ("closed".equals(MODEL) ? " users=" + USERS : " rate=" + LoadSettings.RATE)
                + " seconds=" + LoadSettings.SECONDS + " ramp=" + LoadSettings.RAMP_SECONDS + " user=" + USER);
        window.begin();
    }

    @Override
    public void after() {
        System.out.println(window.summary(200));
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Set -D" + property);
        }
        return value;
    }
}
