package org.medbook.identity.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AdministrationTests extends IntegrationTest {

    private static final String USERS = "/api/v1/admin/users";
    private static final List<String> ALL_PERMISSIONS = List.of("users:read", "users:manage", "doctors:manage",
            "doctors:verify", "bookings:manage", "payments:read", "disputes:manage", "content:manage", "reports:read",
            "audit:read");

    @Test
    void aHelperSeesTheUserListOnlyAfterBeingGrantedUsersReadAndSigningInAgain() {
        StaffAccount helper = newStaffAccount("HELPER", List.of());
        String password = "Helper passphrase one";
        Api.Response before = activateStaff(helper.email(), helper.temporaryPassword(), password);
        Api.Response refused = api.get(USERS, before.text("accessToken"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.problem()).isEqualTo("forbidden");
        assertThat(api.get(USERS + "/" + helper.id(), before.text("accessToken")).status()).isEqualTo(403);

        Api.Response granted = api.put(USERS + "/" + helper.id() + "/permissions",
                Map.of("permissions", List.of("users:read")), adminToken());
        assertThat(granted.status()).as(granted.toString()).isEqualTo(200);
        assertThat(granted.body().path("permissions").toString()).isEqualTo("[\"users:read\"]");

        // Permissions travel in the access token: its session is over, the token with it.
        assertThat(api.get(USERS, before.text("accessToken")).status()).isEqualTo(401);
        Api.Response refresh = api.post("/api/v1/auth/refresh", Map.of("refreshToken", before.text("refreshToken")));
        assertThat(refresh.status()).isEqualTo(401);

        Api.Response again = api.post("/api/v1/auth/login", Map.of("email", helper.email(), "password", password));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("user").path("permissions").toString()).isEqualTo("[\"users:read\"]");
        Api.Response list = api.get(USERS, again.text("accessToken"));
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.body().path("totalItems").asLong()).isPositive();
        Api.Response one = api.get(USERS + "/" + helper.id(), again.text("accessToken"));
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.text("email")).isEqualTo(helper.email());
        // Reading is not managing.
        assertThat(api.post(USERS + "/" + helper.id() + "/suspend", Map.of(), again.text("accessToken")).status())
                .isEqualTo(403);
    }

    @Test
    void revokingAPermissionTakesEffectAtTheNextSignIn() {
        StaffAccount helper = newStaffAccount("HELPER", List.of("users:read", "audit:read"));
        String password = "Helper passphrase two";
        activateStaff(helper.email(), helper.temporaryPassword(), password);

        Api.Response narrowed = api.put(USERS + "/" + helper.id() + "/permissions",
                Map.of("permissions", List.of("audit:read")), adminToken());
        assertThat(narrowed.status()).isEqualTo(200);

        String token = api.post("/api/v1/auth/login", Map.of("email", helper.email(), "password", password))
                .text("accessToken");
        assertThat(api.get(USERS, token).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/admin/audit?size=1", token).status()).isEqualTo(200);
    }

    @Test
    void aHelperWithEveryPermissionStillCannotCreateStaffOrChangePermissions() {
        StaffAccount other = newStaffAccount("HELPER", List.of());
        StaffAccount helper = newStaffAccount("HELPER", ALL_PERMISSIONS);
        String token = activateStaff(helper.email(), helper.temporaryPassword(), "All powers but two").text("accessToken");
        String email = uniqueEmail("wannabe");

        Api.Response createHelper = api.post("/api/v1/admin/staff", Map.of("email", email, "name", "Wannabe",
                "role", "HELPER", "permissions", List.of()), token);
        Api.Response createAdmin = api.post("/api/v1/admin/staff", Map.of("email", email, "name", "Wannabe",
                "role", "ADMIN", "permissions", List.of()), token);
        Api.Response grantOther = api.put(USERS + "/" + other.id() + "/permissions",
                Map.of("permissions", List.of("users:manage")), token);
        Api.Response grantSelf = api.put(USERS + "/" + helper.id() + "/permissions",
                Map.of("permissions", ALL_PERMISSIONS), token);

        for (Api.Response response : List.of(createHelper, createAdmin, grantOther, grantSelf)) {
            assertThat(response.status()).as(response.toString()).isEqualTo(403);
        }
        assertThat(mailsTo(email)).isEmpty();
        assertThat(api.get(USERS + "/" + other.id(), adminToken()).body().path("permissions")).isEmpty();
    }

    @Test
    void aHelperWithUsersManageSuspendsPatientsButNeverAdminsOrHelpers() {
        String admin = adminToken();
        String adminId = api.get("/api/v1/me", admin).text("id");
        StaffAccount otherHelper = newStaffAccount("HELPER", List.of());
        StaffAccount helper = newStaffAccount("HELPER", List.of("users:manage"));
        String token = activateStaff(helper.email(), helper.temporaryPassword(), "Manager passphrase").text("accessToken");
        Api.Response patient = signInPatient(uniqueEmail("patient"));
        String patientId = patient.body().path("user").path("id").asString();

        Api.Response suspended = api.post(USERS + "/" + patientId + "/suspend", Map.of("reason", "spam bookings"), token);
        assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);
        assertThat(suspended.text("status")).isEqualTo("SUSPENDED");
        Api.Response patientRefresh = api.post("/api/v1/auth/refresh", Map.of("refreshToken", patient.text("refreshToken")));
        assertThat(patientRefresh.status()).isEqualTo(401);
        Api.Response reactivated = api.post(USERS + "/" + patientId + "/reactivate", null, token);
        assertThat(reactivated.status()).isEqualTo(200);
        assertThat(reactivated.text("status")).isEqualTo("ACTIVE");

        for (String target : List.of(adminId, otherHelper.id())) {
            for (String action : List.of("suspend", "reactivate", "password-reset")) {
                Api.Response refused = api.post(USERS + "/" + target + "/" + action, null, token);
                assertThat(refused.status()).as("%s %s: %s", action, target, refused).isEqualTo(403);
            }
        }
        Api.Response self = api.post(USERS + "/" + helper.id() + "/suspend", null, token);
        assertThat(self.status()).isEqualTo(422);
        assertThat(self.problem()).isEqualTo("self-administration");

        assertThat(api.get(USERS + "/" + otherHelper.id(), admin).text("status")).isEqualTo("ACTIVE");
        assertThat(api.get(USERS + "/" + adminId, admin).text("status")).isEqualTo("ACTIVE");
    }

    @Test
    void anAdminCannotSuspendResetOrReconfigureTheirOwnAccount() {
        String admin = adminToken();
        String adminId = api.get("/api/v1/me", admin).text("id");

        List<Api.Response> responses = List.of(
                api.post(USERS + "/" + adminId + "/suspend", Map.of("reason", "oops"), admin),
                api.post(USERS + "/" + adminId + "/reactivate", null, admin),
                api.post(USERS + "/" + adminId + "/password-reset", null, admin),
                api.put(USERS + "/" + adminId + "/permissions", Map.of("permissions", List.of()), admin));

        for (Api.Response response : responses) {
            assertThat(response.status()).as(response.toString()).isEqualTo(422);
            assertThat(response.problem()).isEqualTo("self-administration");
        }
        assertThat(api.get("/api/v1/me", adminToken()).text("status")).isEqualTo("ACTIVE");
    }

    @Test
    void anAdminSuspendsAndReactivatesStaffAndASuspendedAccountCannotSignIn() {
        String admin = adminToken();
        StaffAccount helper = newStaffAccount("HELPER", List.of());
        String password = "Soon suspended passphrase";
        activateStaff(helper.email(), helper.temporaryPassword(), password);

        Api.Response suspended = api.post(USERS + "/" + helper.id() + "/suspend", null, admin);
        assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);
        Api.Response twice = api.post(USERS + "/" + helper.id() + "/suspend", null, admin);
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.problem()).isEqualTo("already-suspended");

        Api.Response login = api.post("/api/v1/auth/login", Map.of("email", helper.email(), "password", password));
        assertThat(login.status()).isEqualTo(403);
        assertThat(login.problem()).isEqualTo("account-suspended");
        Api.Response wrongPassword = api.post("/api/v1/auth/login", Map.of("email", helper.email(), "password", "guess"));
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(wrongPassword.problem()).isEqualTo("invalid-credentials");

        assertThat(api.post(USERS + "/" + helper.id() + "/reactivate", null, admin).status()).isEqualTo(200);
        Api.Response active = api.post(USERS + "/" + helper.id() + "/reactivate", null, admin);
        assertThat(active.status()).isEqualTo(409);
        assertThat(active.problem()).isEqualTo("already-active");
        assertThat(api.post("/api/v1/auth/login", Map.of("email", helper.email(), "password", password)).status())
                .isEqualTo(200);
    }

    @Test
    void everyChangeTheBackOfficeMakesToAnAccountIsAuditedWithItsActorAndWhatChanged() {
        String admin = adminToken();
        String adminId = api.get("/api/v1/me", admin).text("id");
        StaffAccount helper = newStaffAccount("HELPER", List.of("users:read", "audit:read"));
        activateStaff(helper.email(), helper.temporaryPassword(), "Audited helper passphrase");
        String target = "user:" + helper.id();

        assertThat(api.put(USERS + "/" + helper.id() + "/permissions",
                Map.of("permissions", List.of("audit:read", "reports:read")), admin).status()).isEqualTo(200);
        JsonNode changed = auditEntry(admin, "permissions.changed", target);
        assertThat(changed.path("actorId").asString()).isEqualTo(adminId);
        assertThat(changed.path("details").path("granted").toString()).isEqualTo("[\"reports:read\"]");
        assertThat(changed.path("details").path("revoked").toString()).isEqualTo("[\"users:read\"]");

        Api.Response signedIn = api.post("/api/v1/auth/login",
                Map.of("email", helper.email(), "password", "Audited helper passphrase"));
        assertThat(signedIn.status()).isEqualTo(200);
        assertThat(api.get(StaffSessionTests.sessionsOf(helper.id()), admin).body().size()).isPositive();
        Api.Response suspended = api.post(USERS + "/" + helper.id() + "/suspend",
                Map.of("reason", "shared their password"), admin);
        assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);
        // the suspension ends every session at once, not only the next sign-in
        assertThat(api.get(StaffSessionTests.sessionsOf(helper.id()), admin).body().size()).isZero();
        JsonNode suspension = auditEntry(admin, "user.suspended", target);
        assertThat(suspension.path("actorId").asString()).isEqualTo(adminId);
        assertThat(suspension.path("details").path("reason").asString()).isEqualTo("shared their password");

        assertThat(api.post(USERS + "/" + helper.id() + "/reactivate", null, admin).status()).isEqualTo(200);
        assertThat(auditEntry(admin, "user.reactivated", target).path("actorId").asString()).isEqualTo(adminId);

        assertThat(api.post(USERS + "/" + helper.id() + "/password-reset", null, admin).status()).isEqualTo(202);
        assertThat(auditEntry(admin, "password.reset-issued", target).path("actorId").asString()).isEqualTo(adminId);
    }

    /** The one audit entry of this action on this target, once the audit trail has recorded it. */
    private JsonNode auditEntry(String admin, String action, String target) {
        String url = "/api/v1/admin/audit?action=" + action + "&target=" + target;
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get(url, admin).body().path("items").size() > 0);
        JsonNode items = api.get(url, admin).body().path("items");
        assertThat(items.size()).as(items.toString()).isEqualTo(1);
        return items.get(0);
    }

    @Test
    void searchFiltersByTextRoleAndStatusAndPagesNewestFirstWithTotals() {
        String admin = adminToken();
        String marker = "srch" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        List<String> created = new ArrayList<>();
        for (String role : List.of("HELPER", "ADMIN", "HELPER")) {
            String email = marker + "-" + created.size() + "@example.org";
            Api.Response response = api.post("/api/v1/admin/staff",
                    Map.of("email", email, "name", "Staff " + role, "role", role, "permissions", List.of()), admin);
            assertThat(response.status()).isEqualTo(201);
            created.add(response.text("id"));
        }
        String patientId = signInPatient(marker + "-p@example.org").body().path("user").path("id").asString();
        assertThat(api.post(USERS + "/" + created.get(0) + "/suspend", null, admin).status()).isEqualTo(200);

        Api.Response all = api.get(USERS + "?q=" + marker.toUpperCase() + "&size=3", admin);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body().path("totalItems").asLong()).isEqualTo(4);
        assertThat(all.body().path("page").asInt()).isZero();
        assertThat(all.body().path("size").asInt()).isEqualTo(3);
        assertThat(ids(all)).containsExactly(patientId, created.get(2), created.get(1));
        Api.Response second = api.get(USERS + "?q=" + marker + "&size=3&page=1", admin);
        assertThat(second.body().path("totalItems").asLong()).isEqualTo(4);
        assertThat(ids(second)).containsExactly(created.get(0));
        assertThat(ids(api.get(USERS + "?q=" + marker + "&size=3&page=2", admin))).isEmpty();

        assertThat(ids(api.get(USERS + "?q=" + marker + "&role=HELPER", admin))).containsExactly(created.get(2), created.get(0));
        assertThat(ids(api.get(USERS + "?q=" + marker + "&role=ADMIN", admin))).containsExactly(created.get(1));
        assertThat(ids(api.get(USERS + "?q=" + marker + "&role=PATIENT", admin))).containsExactly(patientId);
        assertThat(ids(api.get(USERS + "?q=" + marker + "&role=DOCTOR", admin))).isEmpty();
        assertThat(ids(api.get(USERS + "?q=" + marker + "&status=SUSPENDED", admin))).containsExactly(created.get(0));
        Api.Response activeHelpers = api.get(USERS + "?q=" + marker + "&role=HELPER&status=ACTIVE", admin);
        assertThat(ids(activeHelpers)).containsExactly(created.get(2));
        assertThat(activeHelpers.body().path("totalItems").asLong()).isEqualTo(1);
        // The staff's names ("Staff HELPER") are searched too, and wildcards in q are taken literally.
        Api.Response byName = api.get(USERS + "?q=staff%20admin&role=ADMIN&size=100", admin);
        assertThat(ids(byName)).contains(created.get(1));
        assertThat(api.get(USERS + "?q=" + marker + "%25", admin).body().path("totalItems").asLong()).isZero();
        assertThat(api.get(USERS + "?q=" + marker.substring(0, 4) + "_" + marker.substring(5), admin)
                .body().path("totalItems").asLong()).isZero();
    }

    @Test
    void pageSizeIsLimitedToAHundred() {
        String admin = adminToken();

        assertThat(api.get(USERS + "?size=100", admin).status()).isEqualTo(200);
        for (String query : List.of("size=101", "size=0", "page=-1", "size=ten", "role=GOD", "status=ASLEEP")) {
            Api.Response response = api.get(USERS + "?" + query, admin);
            assertThat(response.status()).as("%s: %s", query, response).isEqualTo(400);
            assertThat(response.problem()).isEqualTo("invalid-parameter");
        }
    }

    @Test
    void anUnknownUserIsNotFoundAndAMalformedIdIsBadInput() {
        String admin = adminToken();
        String unknown = UUID.randomUUID().toString();

        Api.Response missing = api.get(USERS + "/" + unknown, admin);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.problem()).isEqualTo("not-found");
        assertThat(api.post(USERS + "/" + unknown + "/suspend", null, admin).status()).isEqualTo(404);
        assertThat(api.put(USERS + "/" + unknown + "/permissions", Map.of("permissions", List.of()), admin).status())
                .isEqualTo(404);

        Api.Response malformed = api.get(USERS + "/not-a-uuid", admin);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.problem()).isEqualTo("invalid-parameter");
        assertThat(malformed.body().path("errors").get(0).path("field").asString()).isEqualTo("id");
        assertThat(api.post(USERS + "/12345/suspend", null, admin).status()).isEqualTo(400);
    }

    @Test
    void aStaffAccountCannotReuseAnEmailThatHasAnAccount() {
        String admin = adminToken();
        StaffAccount existing = newStaffAccount("HELPER", List.of());
        String patient = uniqueEmail("patient");
        signInPatient(patient);

        for (String email : List.of(existing.email(), existing.email().toUpperCase(), " " + existing.email() + " ",
                patient, ADMIN_EMAIL)) {
            Api.Response response = api.post("/api/v1/admin/staff",
                    Map.of("email", email, "name", "Copy", "role", "HELPER", "permissions", List.of()), admin);
            assertThat(response.status()).as("%s: %s", email, response).isEqualTo(409);
            assertThat(response.problem()).isEqualTo("email-in-use");
        }
        assertThat(mailsTo(existing.email())).hasSize(1);
    }

    @Test
    void unknownPermissionsAndMisplacedPermissionsAreRefused() {
        String admin = adminToken();
        StaffAccount helper = newStaffAccount("HELPER", List.of("users:read"));
        StaffAccount otherAdmin = newStaffAccount("ADMIN", List.of());
        String email = uniqueEmail("refused");

        Api.Response unknownOnCreate = api.post("/api/v1/admin/staff", Map.of("email", email, "name", "X",
                "role", "HELPER", "permissions", List.of("users:read", "users:delete")), admin);
        assertThat(unknownOnCreate.status()).isEqualTo(400);
        assertThat(unknownOnCreate.problem()).isEqualTo("unknown-permission");
        assertThat(unknownOnCreate.text("detail")).contains("users:delete");

        Api.Response unknownOnReplace = api.put(USERS + "/" + helper.id() + "/permissions",
                Map.of("permissions", List.of("USERS:READ")), admin);
        assertThat(unknownOnReplace.status()).isEqualTo(400);
        assertThat(unknownOnReplace.problem()).isEqualTo("unknown-permission");
        assertThat(api.get(USERS + "/" + helper.id(), admin).body().path("permissions").toString())
                .isEqualTo("[\"users:read\"]");

        Api.Response toAdmin = api.put(USERS + "/" + otherAdmin.id() + "/permissions",
                Map.of("permissions", List.of("users:read")), admin);
        assertThat(toAdmin.status()).isEqualTo(422);
        assertThat(toAdmin.problem()).isEqualTo("permissions-not-applicable");

        Api.Response adminWithPermissions = api.post("/api/v1/admin/staff", Map.of("email", email, "name", "X",
                "role", "ADMIN", "permissions", List.of("users:read")), admin);
        assertThat(adminWithPermissions.status()).isEqualTo(422);
        assertThat(adminWithPermissions.problem()).isEqualTo("permissions-not-applicable");

        Api.Response missingList = api.put(USERS + "/" + helper.id() + "/permissions", Map.of(), admin);
        assertThat(missingList.status()).isEqualTo(400);
        assertThat(missingList.problem()).isEqualTo("validation-failed");
        assertThat(mailsTo(email)).isEmpty();
    }

    @Test
    void onlyAdminAndHelperAccountsAreCreatedHere() {
        String admin = adminToken();

        for (String role : List.of("DOCTOR", "PATIENT", "ROOT")) {
            String email = uniqueEmail(role.toLowerCase());
            Api.Response response = api.post("/api/v1/admin/staff",
                    Map.of("email", email, "name", "X", "role", role, "permissions", List.of()), admin);
            assertThat(response.status()).as("%s: %s", role, response).isEqualTo(400);
            assertThat(response.problem()).isEqualTo("validation-failed");
            assertThat(api.get(USERS + "?q=" + email, admin).body().path("totalItems").asLong()).isZero();
        }
        Api.Response noEmail = api.post("/api/v1/admin/staff", Map.of("name", "X", "role", "HELPER"), admin);
        assertThat(noEmail.status()).isEqualTo(400);
        assertThat(noEmail.body().path("errors").get(0).path("field").asString()).isEqualTo("email");
        Api.Response badEmail = api.post("/api/v1/admin/staff", Map.of("email", "not-an-email", "name", "X",
                "role", "HELPER"), admin);
        assertThat(badEmail.status()).isEqualTo(400);
        assertThat(badEmail.problem()).isEqualTo("validation-failed");
    }

    @Test
    void aCreatedStaffAccountIsDescribedWithoutSecrets() {
        String email = uniqueEmail("described");
        Api.Response created = api.post("/api/v1/admin/staff", Map.of("email", email, "name", "Dana Helper",
                "role", "HELPER", "permissions", List.of("reports:read", "users:read")), adminToken());

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/v1/admin/users/" + created.text("id"));
        assertThat(created.text("email")).isEqualTo(email);
        assertThat(created.text("status")).isEqualTo("ACTIVE");
        assertThat(created.body().path("roles").toString()).isEqualTo("[\"HELPER\"]");
        assertThat(created.body().path("permissions").valueStream().map(JsonNode::asString))
                .containsExactlyInAnyOrder("reports:read", "users:read");
        assertThat(created.body().path("passwordChangeRequired").asBoolean()).isTrue();
        String temporary = temporaryPassword(email, 1);
        assertThat(created.raw()).doesNotContain(temporary).doesNotContainIgnoringCase("password\":")
                .doesNotContain("argon2");
    }

    private static List<String> ids(Api.Response page) {
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode item : page.body().path("items")) {
            ids.add(item.path("id").asString());
        }
        return ids;
    }
}
