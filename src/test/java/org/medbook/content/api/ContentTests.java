package org.medbook.content.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;
import org.medbook.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ContentTests extends IntegrationTest {

    private static final String FAQS = "/api/v1/admin/content/faqs";

    @Test
    void publishedFaqsComeInOrderInTheLanguageAskedFallingBackToEnglishPerQuestion() {
        String editor = helperToken(List.of("content:manage"));
        String category = "booking-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        String first = created(faq(category, "en", "How do I book?", "Pick a slot.", true, 1), editor);
        created(faq(category, "de", "Wie buche ich?", "Wählen Sie einen Termin.", true, 1), editor);
        created(faq(category, "en", "Can I cancel?", "Yes, until the free cancellation time.", true, 2), editor);
        String draft = created(faq(category, "en", "Secret?", "Not yet.", false, 0), editor);

        Api.Response german = api.get("/api/v1/content/faqs?lang=de&category=" + category, null);
        assertThat(german.status()).as(german.toString()).isEqualTo(200);
        assertThat(german.body().findValuesAsString("question")).containsExactly("Wie buche ich?", "Can I cancel?");
        assertThat(api.get("/api/v1/content/faqs?category=" + category, null).body().findValuesAsString("question"))
                .containsExactly("How do I book?", "Can I cancel?");

        Api.Response changed = api.put(FAQS + "/" + draft, faq(category, "en", "Secret?", "Now public.", true, 0), editor);
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(api.delete(FAQS + "/" + first, editor).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/content/faqs?lang=en&category=" + category, null).body().findValuesAsString("question"))
                .containsExactly("Secret?", "Can I cancel?");

        Api.Response taken = api.post(FAQS, faq(category, "en", "Again?", "x", true, 2), editor);
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.problem()).isEqualTo("faq-position-taken");
        assertThat(api.post(FAQS, faq(category, "english", "Q", "A", true, 3), editor).status()).isEqualTo(400);
        assertThat(api.delete(FAQS + "/" + first, editor).status()).isEqualTo(404);
        assertThat(api.post(FAQS, faq(category, "en", "Q", "A", true, 3), helperToken(List.of("reports:read"))).status())
                .isEqualTo(403);
        assertThat(api.post(FAQS, faq(category, "en", "Q", "A", true, 3), patientToken(uniqueEmail("faq"))).status())
                .isEqualTo(403);
        assertThat(api.post(FAQS, faq(category, "en", "Q", "A", true, 3), null).status()).isEqualTo(401);
        String admin = adminToken();
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/admin/audit?target=faq:" + first, admin)
                .body().path("items").findValuesAsString("action").containsAll(List.of("faq.created", "faq.deleted")));
    }

    @Test
    void policiesAreVersionedImmutableAndEveryUserAcceptsTheTermsInForce() throws Exception {
        String editor = helperToken(List.of("content:manage"));
        Instant now = clock.instant();
        Api.Response v1 = api.post("/api/v1/admin/content/policies/TERMS/versions",
                Map.of("language", "en", "text", "Terms, edition A", "effectiveFrom", now.minusSeconds(60).toString()),
                editor);
        assertThat(v1.status()).as(v1.toString()).isEqualTo(201);
        int first = v1.body().path("version").asInt();
        assertThat(v1.text("kind")).isEqualTo("TERMS");

        // a patient signing up accepts what is in force
        String patient = patientToken(uniqueEmail("terms"));
        Api.Response me = api.get("/api/v1/me", patient);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text("email")).isNotNull();
        assertThat(me.body().path("pendingPolicies").findValuesAsString("kind")).doesNotContain("TERMS");
        String patientId = me.text("id");
        assertThat(accepted(patientId, first)).isEqualTo(1);

        Api.Response v2 = api.post("/api/v1/admin/content/policies/TERMS/versions",
                Map.of("language", "en", "text", "Terms, edition B", "effectiveFrom", now.plus(Duration.ofDays(1)).toString()),
                editor);
        int second = v2.body().path("version").asInt();
        assertThat(second).isGreaterThan(first);
        Api.Response german = api.post("/api/v1/admin/content/policies/TERMS/versions",
                Map.of("language", "de", "text", "AGB, Fassung B", "version", second), editor);
        assertThat(german.status()).as(german.toString()).isEqualTo(201);
        Api.Response changeInForce = api.post("/api/v1/admin/content/policies/TERMS/versions",
                Map.of("language", "de", "text", "AGB, Fassung A", "version", first), editor);
        assertThat(changeInForce.status()).isEqualTo(422);
        assertThat(changeInForce.problem()).isEqualTo("policy-immutable");
        assertThat(api.post("/api/v1/admin/content/policies/TERMS/versions",
                Map.of("language", "de", "text", "AGB, Fassung B2", "version", second), editor).problem())
                .isEqualTo("policy-immutable");
        assertThat(api.post("/api/v1/admin/content/policies/RULES/versions",
                Map.of("language", "en", "text", "x", "effectiveFrom", now.toString()), editor).status()).isEqualTo(404);

        Api.Response tooEarly = api.post("/api/v1/me/policy-acceptances", Map.of("kind", "TERMS", "version", second),
                patient);
        assertThat(tooEarly.problem()).isEqualTo("policy-not-in-force");
        assertThat(api.get("/api/v1/content/policies/TERMS", null).text("text")).isEqualTo("Terms, edition A");

        clock.advance(Duration.ofDays(1).plusMinutes(1));
        String again = patientToken(me.text("email"));
        assertThat(api.get("/api/v1/content/policies/TERMS?lang=de", null).text("text")).isEqualTo("AGB, Fassung B");
        assertThat(api.get("/api/v1/content/policies/TERMS?lang=fr", null).text("text")).isEqualTo("Terms, edition B");
        assertThat(api.get("/api/v1/content/policies/TERMS?at=" + now, null).text("text")).isEqualTo("Terms, edition A");
        JsonNode versions = api.get("/api/v1/content/policies/TERMS/versions", null).body();
        assertThat(versions.get(0).path("version").asInt()).isEqualTo(second);

        JsonNode pending = api.get("/api/v1/me", again).body().path("pendingPolicies");
        assertThat(pending.toString()).contains("{\"kind\":\"TERMS\",\"version\":" + second + "}");
        Api.Response accept = api.post("/api/v1/me/policy-acceptances", Map.of("kind", "TERMS", "version", second), again);
        assertThat(accept.status()).as(accept.toString()).isEqualTo(204);
        assertThat(api.get("/api/v1/me", again).body().path("pendingPolicies").findValuesAsString("kind"))
                .doesNotContain("TERMS");
        assertThat(accepted(patientId, second)).isEqualTo(1);
        assertThat(ipOf(patientId, second)).isEqualTo(api.clientIp());
        assertThat(api.post("/api/v1/me/policy-acceptances", Map.of("kind", "TERMS", "version", 999_999), again).problem())
                .isEqualTo("policy-version-unknown");
        assertThat(api.post("/api/v1/me/policy-acceptances", Map.of("kind", "TERMS", "version", second), null).status())
                .isEqualTo(401);
    }

    @Test
    void newVersionsGetDistinctNumbersAndEveryPublicationAndFirstAcceptanceIsAudited() throws Exception {
        String editor = helperToken(List.of("content:manage"));
        String admin = adminToken();
        Instant now = clock.instant();
        String versions = "/api/v1/admin/content/policies/CANCELLATION/versions";
        // editors publishing new versions at once each get a number of their own
        List<java.util.concurrent.Callable<Api.Response>> publishes = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String text = "Cancel rules, draft " + i;
            publishes.add(() -> api.post(versions, Map.of("language", "en", "text", text,
                    "effectiveFrom", now.plus(Duration.ofDays(30)).toString()), editor));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        List<Integer> numbers = new java.util.ArrayList<>();
        try {
            for (var future : pool.invokeAll(publishes)) {
                Api.Response published = future.get();
                assertThat(published.status()).as(published.toString()).isEqualTo(201);
                numbers.add(published.body().path("version").asInt());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(numbers).doesNotHaveDuplicates();
        int future = numbers.stream().max(Integer::compare).orElseThrow();

        // a language joins a version not yet in force once, and the refusals say which case they are
        assertThat(api.post(versions, Map.of("language", "de", "text", "Stornoregeln", "version", future), editor).status())
                .isEqualTo(201);
        Api.Response twice = api.post(versions, Map.of("language", "de", "text", "Stornoregeln 2", "version", future), editor);
        assertThat(twice.problem()).isEqualTo("policy-immutable");
        assertThat(twice.text("detail")).contains("is published in de");
        assertThat(api.post(versions, Map.of("language", "en", "text", "x", "version", 987_654), editor).status())
                .isEqualTo(404);
        Api.Response inForce = api.post(versions, Map.of("language", "en", "text", "Cancel rules now",
                "effectiveFrom", now.minusSeconds(1).toString()), editor);
        int current = inForce.body().path("version").asInt();
        Api.Response changeInForce = api.post(versions, Map.of("language", "fr", "text", "x", "version", current), editor);
        assertThat(changeInForce.problem()).isEqualTo("policy-immutable");
        assertThat(changeInForce.text("detail")).contains("and in force");

        // accepting twice records one acceptance and one audit entry
        String patient = patientToken(uniqueEmail("cancel-rules"));
        String patientId = api.get("/api/v1/me", patient).text("id");
        String target = "/api/v1/admin/audit?target=policy:CANCELLATION:" + current;
        for (int i = 0; i < 2; i++) {
            assertThat(api.post("/api/v1/me/policy-acceptances", Map.of("kind", "CANCELLATION", "version", current), patient)
                    .status()).isEqualTo(204);
            // the first acceptance is the one audited
            await().atMost(Duration.ofSeconds(10)).until(() -> api.get(target, admin).body().path("items")
                    .findValuesAsString("action").contains("policy.accepted"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> unhandledEventsNaming(patientId) == 0
                && api.get(target, admin).body().path("items").findValuesAsString("action").contains("policy.accepted"));
        List<String> actions = api.get(target, admin).body().path("items").findValuesAsString("action");
        assertThat(actions.stream().filter("policy.accepted"::equals)).hasSize(1);
        assertThat(actions).contains("policy.published");
        assertThat(api.get("/api/v1/content/policies/CANCELLATION?at=1990-01-01T00:00:00Z", null).status())
                .isEqualTo(404);
    }

    @Test
    void staffSeeEveryFaqPublishedOrNotOfACategoryOrAll() {
        String editor = helperToken(List.of("content:manage"));
        String category = "staff-list-" + ThreadLocalRandom.current().nextInt(1_000_000);
        String draft = created(faq(category, "en", "Draft?", "Not yet.", false, 0), editor);
        String shown = created(faq(category, "en", "Shown?", "Yes.", true, 1), editor);
        String other = created(faq(category + "-x", "en", "Elsewhere?", "Yes.", true, 0), editor);

        assertThat(api.get(FAQS + "?category=" + category, editor).body().findValuesAsString("id"))
                .containsExactlyInAnyOrder(draft, shown);
        assertThat(api.get(FAQS + "?category=", editor).body().findValuesAsString("id")).contains(draft, shown, other);
        assertThat(api.get(FAQS, editor).body().findValuesAsString("id")).contains(draft, shown, other);
        assertThat(api.put(FAQS + "/" + java.util.UUID.randomUUID(), faq(category, "en", "Q", "A", true, 5), editor)
                .status()).isEqualTo(404);
    }

    private static long unhandledEventsNaming(String id) throws Exception {
        try (var connection = TestDatabase.connect(); var query = connection.prepareStatement(
                "SELECT count(*) FROM event_publication WHERE completion_date IS NULL AND serialized_event LIKE ?")) {
            query.setString(1, "%" + id + "%");
            try (var rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private String created(Map<String, Object> body, String token) {
        Api.Response response = api.post(FAQS, body, token);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.text("id");
    }

    private static Map<String, Object> faq(String category, String language, String question, String answer,
            boolean published, int position) {
        return Map.of("category", category, "language", language, "question", question, "answer", answer,
                "published", published, "position", position);
    }

    private static long accepted(String userId, int version) throws Exception {
        try (var connection = TestDatabase.connect(); var query = connection.prepareStatement(
                "SELECT count(*) FROM content_policy_acceptances WHERE user_id = CAST(? AS uuid) AND kind = 'TERMS' AND version = ?")) {
            query.setString(1, userId);
            query.setInt(2, version);
            try (var rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String ipOf(String userId, int version) throws Exception {
        try (var connection = TestDatabase.connect(); var query = connection.prepareStatement(
                "SELECT client_ip FROM content_policy_acceptances WHERE user_id = CAST(? AS uuid) AND kind = 'TERMS' AND version = ?")) {
            query.setString(1, userId);
            query.setInt(2, version);
            try (var rs = query.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
