package org.medbook.identity.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A staff account's e-mail is its sign-in name and where its temporary password goes: addresses mail
 * cannot be delivered to are refused up front, naming the field, and a mail server that refuses the
 * address later never undoes the account or loses the password, which waits on the notification path.
 */
class StaffEmailAddressTests extends IntegrationTest {

    private static final List<String> UNDELIVERABLE = List.of(
            "ops@[127.0.0.1]",                                  // an IP literal instead of a domain
            "ops@localhost",                                    // a domain without a dot
            "ops@-medbook.example.org",                         // a label starting with a hyphen
            "ops@medbook-.example.org",                         // a label ending with a hyphen
            "ops@exa_mple.org",                                 // an underscore in a host name
            "ops@example..org",                                 // an empty label
            "ops@example.org.",                                 // a trailing dot
            "ops@10.0.0.1",                                     // a numeric top-level "domain"
            "ops@example.o",                                    // a one-letter top-level domain
            ".ops@example.org",                                 // a leading dot
            "o..ps@example.org",                                // two dots in a row
            "ops.@example.org",                                 // a trailing dot before the @
            "o,ps@example.org",                                 // a character the local part cannot have
            "\"o ps\"@example.org",                             // a quoted local part
            "ops@example.org@evil.test",                        // two @
            "o".repeat(65) + "@example.org",                    // a local part over 64 characters
            "ops@" + "a".repeat(64) + ".example.org",           // a label over 63 characters
            "ops@" + ("abcdefghi.".repeat(25)) + "example.org"  // over 254 characters in all
    );

    @Test
    void undeliverableAddressesAreRefusedUpFrontNamingTheField() {
        String admin = adminToken();
        for (String address : UNDELIVERABLE) {
            Api.Response helper = api.post("/api/v1/admin/staff",
                    Map.of("email", address, "name", "Ops", "role", "HELPER", "permissions", List.of()), admin);
            Api.Response doctor = api.post("/api/v1/admin/doctors", doctorBody(address, Map.of()), admin);

            for (Api.Response response : List.of(helper, doctor)) {
                assertThat(response.status()).as("%s -> %s", address, response).isEqualTo(400);
                assertThat(response.problem()).isEqualTo("validation-failed");
                assertThat(response.body().path("errors").get(0).path("field").asString()).isEqualTo("email");
            }
        }
    }

    @Test
    void unusualButDeliverableAddressesAreAccepted() {
        String admin = adminToken();
        for (String address : List.of("o'brien+ops-" + Long.toHexString(System.nanoTime()) + "@mail.example.co.uk",
                "x" + Long.toHexString(System.nanoTime()) + "@xn--mller-kva.example")) {
            Api.Response created = api.post("/api/v1/admin/staff",
                    Map.of("email", address, "name", "Ops", "role", "HELPER", "permissions", List.of()), admin);
            assertThat(created.status()).as("%s -> %s", address, created).isEqualTo(201);
        }
    }

    @Test
    void aDoctorCreatedWhileTheMailServerRefusesTheAddressExistsAndItsPasswordWaitsForARetry() throws Exception {
        String admin = adminToken();
        String email = uniqueEmail("refused-doctor");
        int port = MAIL.getSmtp().getPort();
        Api.Response created;
        JsonNode failed;
        MAIL.stop();
        RefusingMailServer refusing = await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> new RefusingMailServer(port, Set.of(email)), Objects::nonNull);
        try {
            created = api.post("/api/v1/admin/doctors", doctorBody(email, Map.of()), admin);
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String doctorId = created.text("id");
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(delivery(admin, "FAILED", doctorId)).as("a failed e-mail to the doctor").isNotNull());
            failed = delivery(admin, "FAILED", doctorId);
        } finally {
            refusing.close();
            restartTheMailServer();
        }
        assertThat(failed.path("lastError").asString()).contains("550");
        assertThat(api.get("/api/v1/admin/users/" + created.text("id"), admin).text("status")).isEqualTo("ACTIVE");

        Api.Response retried = api.post("/api/v1/admin/notifications/" + failed.path("id").asString() + "/retry", null, admin);
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);

        String temporary = temporaryPassword(email, 1);
        Api.Response first = api.post("/api/v1/auth/login", Map.of("email", email, "password", temporary));
        assertThat(first.status()).as(first.toString()).isEqualTo(403);
        assertThat(first.problem()).isEqualTo("password-change-required");
    }

    /** The tests' mail server back on its port; the port may take a moment to be free again. */
    private static void restartTheMailServer() {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            MAIL.stop();
            MAIL.start();
            return true;
        });
    }

    /** The doctor's account e-mail delivery with that status, if any. */
    private JsonNode delivery(String admin, String status, String recipientId) {
        Api.Response page = api.get("/api/v1/admin/notifications?size=100&status=" + status, admin);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        for (JsonNode item : page.body().path("items")) {
            if (item.path("recipientId").asString().equals(recipientId) && item.path("channel").asString().equals("EMAIL")
                    && item.path("kind").asString().equals("STAFF_ACCOUNT_CREATED")) {
                return item;
            }
        }
        return null;
    }
}
