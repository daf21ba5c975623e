package org.medbook.identity.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medbook.MedbookApplication;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;
import org.medbook.support.TestDatabase;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.Lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.medbook.identity.api.RevocationTests.WITHIN;
import static org.medbook.identity.api.RevocationTests.assertRevoked;

/**
 * Two nodes on one database: the shared test application and a second one started here. Each keeps
 * its own memory of revoked sessions, filled at start and kept current by PostgreSQL's notifications,
 * so a session ended through either node is refused by both within a second.
 */
class RevocationAcrossNodesTests extends IntegrationTest {

    /** The name the listening connections give themselves in pg_stat_activity. */
    private static final String LISTENER = "medbook-revocations";

    private static ConfigurableApplicationContext other;

    private Api here;
    private Api there;

    @BeforeAll
    static void startASecondNode() {
        List<String> args = new ArrayList<>();
        localServices((name, value) -> args.add("--" + name + "=" + value.get()));
        args.add("--server.port=0");
        args.add("--spring.main.banner-mode=off");
        other = new SpringApplicationBuilder(MedbookApplication.class).profiles("test").run(args.toArray(String[]::new));
    }

    @AfterAll
    static void stopTheSecondNode() {
        if (other != null) {
            other.close();
        }
    }

    @BeforeEach
    void oneClientPerNode() {
        here = api;
        there = new Api(Integer.parseInt(other.getEnvironment().getRequiredProperty("local.server.port")), api.clientIp());
    }

    @Test
    void aSuspensionThroughOneNodeIsEnforcedByBothWithinASecond() {
        Api.Response session = signInPatient(uniqueEmail("two-nodes"));
        String token = session.text("accessToken");
        assertThat(there.get("/api/v1/me", token).status()).isEqualTo(200);

        Api.Response suspended = here.post("/api/v1/admin/users/" + userIdOf(session) + "/suspend", null, adminToken());
        assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);

        await().atMost(WITHIN).untilAsserted(() -> {
            assertRevoked(here.get("/api/v1/me", token));
            assertRevoked(there.get("/api/v1/me", token));
        });
    }

    @Test
    void aSignOutThroughTheOtherNodeIsEnforcedHereWithinASecond() {
        Api.Response session = signInPatient(uniqueEmail("two-nodes-out"));
        String token = session.text("accessToken");
        assertThat(here.get("/api/v1/me", token).status()).isEqualTo(200);

        Api.Response logout = there.post("/api/v1/auth/logout", Map.of("refreshToken", session.text("refreshToken")));
        assertThat(logout.status()).as(logout.toString()).isEqualTo(204);

        await().atMost(WITHIN).untilAsserted(() -> {
            assertRevoked(there.get("/api/v1/me", token));
            assertRevoked(here.get("/api/v1/me", token));
        });
    }

    @Test
    void aNodeLoadsTheRevocationsStoredWhileItWasNotListening() {
        Lifecycle feed = other.getBean("revocationFeed", Lifecycle.class);
        Api.Response session = signInPatient(uniqueEmail("while-away"));
        String token = session.text("accessToken");
        feed.stop();
        try {
            assertThat(here.post("/api/v1/auth/logout", Map.of("refreshToken", session.text("refreshToken"))).status())
                    .isEqualTo(204);
            assertRevoked(here.get("/api/v1/me", token));
            assertThat(there.get("/api/v1/me", token).status()).as("not heard of while not listening").isEqualTo(200);
        } finally {
            feed.start();
        }

        assertRevoked(there.get("/api/v1/me", token));
    }

    @Test
    void aNodeWhoseListeningConnectionDiesReconnectsAndCatchesUp() throws SQLException {
        Api.Response session = signInPatient(uniqueEmail("reconnect"));
        String token = session.text("accessToken");
        assertThat(listeners()).isEqualTo(2);

        assertThat(terminateListeners()).isEqualTo(2);
        assertThat(here.post("/api/v1/auth/logout", Map.of("refreshToken", session.text("refreshToken"))).status())
                .isEqualTo(204);

        // the notification went to nobody: the other node learns of it by reconnecting (and loading) or by its poll
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertRevoked(there.get("/api/v1/me", token)));
        await().atMost(Duration.ofSeconds(10)).until(() -> listeners() == 2);
        Api.Response next = signInPatient(uniqueEmail("after-reconnect"));
        assertThat(there.post("/api/v1/auth/logout", Map.of("refreshToken", next.text("refreshToken"))).status())
                .isEqualTo(204);
        await().atMost(WITHIN).untilAsserted(() -> assertRevoked(here.get("/api/v1/me", next.text("accessToken"))));
    }

    private static int listeners() throws SQLException {
        try (Connection connection = TestDatabase.connect(); PreparedStatement query = connection.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = ?")) {
            query.setString(1, LISTENER);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static int terminateListeners() throws SQLException {
        try (Connection connection = TestDatabase.connect(); PreparedStatement query = connection.prepareStatement(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND application_name = ?")) {
            query.setString(1, LISTENER);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static String userIdOf(Api.Response tokens) {
        return tokens.body().path("user").path("id").asString();
    }
}
