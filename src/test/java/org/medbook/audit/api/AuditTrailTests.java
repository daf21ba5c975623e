package org.medbook.audit.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.audit.application.AuditTrail;
import org.medbook.shared.AuditableEvent;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;
import org.medbook.support.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.modulith.events.core.EventSerializer;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class AuditTrailTests extends IntegrationTest {

    private static final String AUDIT = "/api/v1/admin/audit";

    @Autowired
    private AuditTrail trail;

    @Autowired
    private ApplicationEventPublisher events;

    @Autowired
    private EventSerializer serializer;

    @Autowired
    private TransactionTemplate transactions;

    @Autowired
    private IncompleteEventPublications incompletePublications;

    /** An event another module could raise; used to drive the trail directly. */
    public record ProbeEvent(UUID eventId, Instant occurredAt, UUID actorId, String action, String target,
                             String clientIp, Map<String, Object> details) implements AuditableEvent {
    }

    @Test
    void signInsAndFailedSignInsAreRecordedWithActorTargetAndClientAddressButNoSecrets() throws Exception {
        StaffAccount helper = newStaffAccount("HELPER", List.of());
        String password = "Audited passphrase 7";
        activateStaff(helper.email(), helper.temporaryPassword(), password);
        Api succeeding = api.from(newClientIp());
        Api failing = api.from(newClientIp());
        Api stranger = api.from(newClientIp());
        Instant start = clock.instant();
        String ghost = uniqueEmail("ghost");

        assertThat(succeeding.post("/api/v1/auth/login", Map.of("email", helper.email(), "password", password)).status())
                .isEqualTo(200);
        assertThat(failing.post("/api/v1/auth/login", Map.of("email", helper.email(), "password", "Wrong guess 1"))
                .status()).isEqualTo(401);
        assertThat(stranger.post("/api/v1/auth/login", Map.of("email", ghost, "password", "Wrong guess 2"))
                .status()).isEqualTo(401);

        String admin = adminToken();
        JsonNode success = awaitEntry(admin, "action=sign-in.succeeded&actorId=" + helper.id(), succeeding.clientIp());
        assertThat(success.path("actorId").asString()).isEqualTo(helper.id());
        assertThat(success.path("target").asString()).isEqualTo("user:" + helper.id());
        assertThat(success.path("details").toString()).isEqualTo("{\"method\":\"password\"}");

        JsonNode failure = awaitEntry(admin, "action=sign-in.failed&actorId=" + helper.id(), failing.clientIp());
        assertThat(failure.path("target").asString()).isEqualTo("user:" + helper.id());
        assertThat(failure.path("details").path("method").asString()).isEqualTo("password");
        assertThat(failure.path("details").path("reason").asString()).isEqualTo("invalid-credentials");
        assertThat(failure.path("details").size()).isEqualTo(2);

        JsonNode unknown = awaitEntry(admin, "action=sign-in.failed&from=" + start, stranger.clientIp());
        assertThat(unknown.path("actorId").isNull()).isTrue();
        assertThat(unknown.path("target").isNull()).isTrue();
        assertThat(unknown.path("details").path("reason").asString()).isEqualTo("invalid-credentials");

        for (JsonNode entry : List.of(success, failure, unknown)) {
            assertThat(entry.path("occurredAt").asString()).isNotBlank();
            assertThat(entry.toString()).doesNotContain(password).doesNotContain("Wrong guess").doesNotContain(ghost)
                    .doesNotContain(helper.temporaryPassword());
        }
        try (Connection connection = TestDatabase.connect();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT count(*) FROM audit_events WHERE details::text LIKE ? OR details::text LIKE ?")) {
            query.setString(1, "%" + password + "%");
            query.setString(2, "%Wrong guess%");
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                assertThat(rows.getInt(1)).isZero();
            }
        }
    }

    @Test
    void administrativeActionsRecordWhoDidWhatToWhom() {
        String admin = adminToken();
        String adminId = api.get("/api/v1/me", admin).text("id");
        StaffAccount helper = newStaffAccount("HELPER", List.of("users:read", "reports:read"));

        assertThat(api.put("/api/v1/admin/users/" + helper.id() + "/permissions",
                Map.of("permissions", List.of("users:read", "audit:read")), admin).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/admin/users/" + helper.id() + "/suspend", Map.of("reason", "on leave"), admin)
                .status()).isEqualTo(200);
        assertThat(api.post("/api/v1/admin/users/" + helper.id() + "/reactivate", null, admin).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/admin/users/" + helper.id() + "/password-reset", null, admin).status()).isEqualTo(202);
        String resetPassword = temporaryPassword(helper.email(), 2);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                api.get(AUDIT + "?target=user:" + helper.id(), admin).body().path("totalItems").asLong()).isEqualTo(5));
        Api.Response page = api.get(AUDIT + "?target=user:" + helper.id(), admin);
        List<String> actions = new ArrayList<>();
        for (JsonNode entry : page.body().path("items")) {
            actions.add(entry.path("action").asString());
            assertThat(entry.path("actorId").asString()).isEqualTo(adminId);
            assertThat(entry.path("ip").asString()).isEqualTo(api.clientIp());
        }
        assertThat(actions).containsExactly("password.reset-issued", "user.reactivated", "user.suspended",
                "permissions.changed", "staff.created");
        JsonNode items = page.body().path("items");
        assertThat(items.get(4).path("details").toString()).isEqualTo("{\"role\":\"HELPER\"}");
        assertThat(items.get(3).path("details").path("granted").toString()).isEqualTo("[\"audit:read\"]");
        assertThat(items.get(3).path("details").path("revoked").toString()).isEqualTo("[\"reports:read\"]");
        assertThat(items.get(2).path("details").path("reason").asString()).isEqualTo("on leave");
        assertThat(page.raw()).doesNotContain(resetPassword).doesNotContain(helper.temporaryPassword());
    }

    @Test
    void anAdminPagesTheTrailNewestFirstFilteredByActionActorAndTime() {
        StaffAccount helper = newStaffAccount("HELPER", List.of());
        String password = "Paging passphrase";
        activateStaff(helper.email(), helper.temporaryPassword(), password);
        List<Instant> marks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(1));
            marks.add(clock.instant());
            assertThat(api.post("/api/v1/auth/login", Map.of("email", helper.email(), "password", password)).status())
                    .isEqualTo(200);
        }
        String admin = adminToken();
        String signIns = AUDIT + "?action=sign-in.succeeded&actorId=" + helper.id();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api.get(signIns, admin).body().path("totalItems").asLong()).isEqualTo(4));

        List<Instant> seen = new ArrayList<>();
        for (int page = 0; page < 2; page++) {
            Api.Response response = api.get(signIns + "&size=3&page=" + page, admin);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body().path("totalItems").asLong()).isEqualTo(4);
            assertThat(response.body().path("page").asInt()).isEqualTo(page);
            for (JsonNode entry : response.body().path("items")) {
                assertThat(entry.path("action").asString()).isEqualTo("sign-in.succeeded");
                assertThat(entry.path("actorId").asString()).isEqualTo(helper.id());
                seen.add(Instant.parse(entry.path("occurredAt").asString()));
            }
        }
        assertThat(seen).hasSize(4).isSortedAccordingTo(java.util.Comparator.reverseOrder()).doesNotHaveDuplicates();
        assertThat(seen.get(0)).isAfterOrEqualTo(marks.get(2));
        assertThat(seen.get(3)).isBefore(marks.get(0));

        Api.Response everything = api.get(AUDIT + "?actorId=" + helper.id(), admin);
        assertThat(everything.body().path("totalItems").asLong()).isEqualTo(5); // four sign-ins and the password change
        Api.Response between = api.get(signIns + "&from=" + marks.get(1) + "&to=" + marks.get(2), admin);
        assertThat(between.status()).as(between.toString()).isEqualTo(200);
        assertThat(between.body().path("totalItems").asLong()).isEqualTo(1);
        assertThat(Instant.parse(between.body().path("items").get(0).path("occurredAt").asString()))
                .isBetween(marks.get(1), marks.get(2));
        assertThat(api.get(signIns + "&from=" + marks.get(0), admin).body().path("totalItems").asLong()).isEqualTo(3);
        assertThat(api.get(signIns + "&to=" + marks.get(0), admin).body().path("totalItems").asLong()).isEqualTo(1);
        assertThat(api.get(AUDIT + "?actorId=" + helper.id() + "&action=password.changed", admin)
                .body().path("totalItems").asLong()).isEqualTo(1);

        assertThat(api.get(AUDIT + "?size=101", admin).status()).isEqualTo(400);
        assertThat(api.get(AUDIT + "?actorId=someone", admin).status()).isEqualTo(400);
        assertThat(api.get(AUDIT + "?from=yesterday", admin).status()).isEqualTo(400);
    }

    @Test
    void readingTheTrailNeedsTheAuditReadPermission() {
        String without = helperToken(List.of("users:read", "users:manage", "reports:read"));
        String with = helperToken(List.of("audit:read"));

        Api.Response refused = api.get(AUDIT, without);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.problem()).isEqualTo("forbidden");
        assertThat(refused.raw()).doesNotContain("items");
        assertThat(api.get(AUDIT + "?size=1", with).status()).isEqualTo(200);
    }

    @Test
    void theDatabaseRefusesToUpdateDeleteOrTruncateTheTrail() throws Exception {
        StaffAccount helper = newStaffAccount("HELPER", List.of());
        String target = "user:" + helper.id();
        await().atMost(Duration.ofSeconds(10)).until(() -> row(target) != null);
        String before = row(target);

        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET statement_timeout = '10s'");
            List<String> tampering = List.of(
                    "UPDATE audit_events SET action = 'nothing.happened', details = '{}' WHERE target = '" + target + "'",
                    "DELETE FROM audit_events WHERE target = '" + target + "'",
                    "TRUNCATE audit_events");
            for (String sql : tampering) {
                assertThatThrownBy(() -> statement.execute(sql)).as(sql)
                        .isInstanceOfSatisfying(SQLException.class, e -> {
                            assertThat(e.getSQLState()).isEqualTo("42501");
                            assertThat(e.getMessage()).contains("append-only");
                        });
            }
        }

        assertThat(row(target)).isEqualTo(before);
    }

    @Test
    void appendingTheSameEventTwiceKeepsTheFirstRowOnly() throws Exception {
        UUID eventId = UUID.randomUUID();
        String target = "probe:" + eventId;
        Instant now = clock.instant();

        trail.append(new ProbeEvent(eventId, now, null, "probe.first", target, "192.0.2.1", Map.of("n", 1)));
        trail.append(new ProbeEvent(eventId, now.plusSeconds(5), UUID.randomUUID(), "probe.second", target,
                "192.0.2.2", Map.of("n", 2)));

        assertThat(rowCount(eventId)).isEqualTo(1);
        assertThat(row(target)).isEqualTo("probe.first|null|192.0.2.1|{\"n\": 1}");
    }

    @Test
    void anEventTheOutboxDeliversAgainIsRecordedOnce() throws Exception {
        UUID eventId = UUID.randomUUID();
        ProbeEvent event = new ProbeEvent(eventId, clock.instant(), null, "probe.redelivered", "probe:" + eventId,
                "192.0.2.3", Map.of());
        transactions.executeWithoutResult(status -> events.publishEvent(event));
        await().atMost(Duration.ofSeconds(10)).until(() -> rowCount(eventId) == 1 && pendingPublications(eventId) == 0);

        // As if the node had died after writing the row but before the outbox noted the delivery: the
        // outbox still holds the publication (a completed one is deleted) and resubmits it.
        try (Connection connection = TestDatabase.connect();
             PreparedStatement forgotten = connection.prepareStatement("""
                     INSERT INTO event_publication (id, listener_id, event_type, serialized_event, publication_date,
                                                    status, completion_attempts)
                     VALUES (?, ?, ?, ?, now(), 'FAILED', 1)""")) {
            forgotten.setObject(1, UUID.randomUUID());
            forgotten.setString(2, "org.medbook.audit.application.AuditRecorder.on(org.medbook.shared.AuditableEvent)");
            forgotten.setString(3, ProbeEvent.class.getName());
            forgotten.setString(4, serializer.serialize(event).toString());
            assertThat(forgotten.executeUpdate()).isEqualTo(1);
        }
        assertThat(pendingPublications(eventId)).isEqualTo(1);
        incompletePublications.resubmitIncompletePublications(publication ->
                publication.getEvent() instanceof ProbeEvent probe && probe.eventId().equals(eventId));

        await().atMost(Duration.ofSeconds(10)).until(() -> pendingPublications(eventId) == 0);
        assertThat(rowCount(eventId)).isEqualTo(1);
    }

    private JsonNode awaitEntry(String adminToken, String query, String ip) {
        List<JsonNode> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            found.clear();
            Api.Response response = api.get(AUDIT + "?size=100&" + query, adminToken);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            for (JsonNode entry : response.body().path("items")) {
                if (ip.equals(entry.path("ip").asString())) {
                    found.add(entry);
                }
            }
            assertThat(found).as("entries from %s for %s", ip, query).hasSize(1);
        });
        return found.get(0);
    }

    /** action|actor|ip|details of the trail's row for a target, or null when there is none yet. */
    private static String row(String target) throws SQLException {
        try (Connection connection = TestDatabase.connect();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT action, actor_id, ip, details::text FROM audit_events WHERE target = ?")) {
            query.setString(1, target);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                String row = rows.getString(1) + "|" + rows.getString(2) + "|" + rows.getString(3) + "|" + rows.getString(4);
                assertThat(rows.next()).as("one row for %s", target).isFalse();
                return row;
            }
        }
    }

    private static int rowCount(UUID eventId) throws SQLException {
        return count("SELECT count(*) FROM audit_events WHERE event_id = ?", eventId.toString(), true);
    }

    private static int pendingPublications(UUID eventId) throws SQLException {
        return count("SELECT count(*) FROM event_publication WHERE serialized_event LIKE ?", "%" + eventId + "%", false);
    }

    private static int count(String sql, String parameter, boolean uuid) throws SQLException {
        try (Connection connection = TestDatabase.connect(); PreparedStatement query = connection.prepareStatement(sql)) {
            if (uuid) {
                query.setObject(1, UUID.fromString(parameter));
            } else {
                query.setString(1, parameter);
            }
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
