package org.medbook.doctors.api;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.medbook.doctors.DoctorCatalog;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;
import org.medbook.support.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The back office's side of doctors: creating, verifying, suspending, editing; specialties; what the public sees. */
class DoctorAdministrationTests extends IntegrationTest {

    private static final String DOCTORS = "/api/v1/admin/doctors";

    @Autowired
    private DoctorCatalog catalogue;
    private static final Duration ASYNC = Duration.ofSeconds(10);

    // ---- creation ----

    @Test
    void anUnknownSpecialtyIsRefusedNamingTheSpecialtiesAndCreatesNothing() {
        String admin = adminToken();
        String email = uniqueEmail("doctor");
        Api.Response refused = api.post(DOCTORS, doctorBody(email,
                Map.of("specialties", List.of("cardiology", "astrology"))), admin);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.problem()).isEqualTo("unknown-specialty");
        assertThat(refused.body().path("errors").findValuesAsString("field")).containsExactly("specialties");
        assertThat(refused.text("detail")).contains("astrology").doesNotContain("cardiology");

        Api.Response created = api.post(DOCTORS, doctorBody(email, Map.of()), admin);
        assertThat(created.status()).as("the refused request left no account behind: " + created).isEqualTo(201);
    }

    @Test
    void aTimeZoneThatIsNotIanaIsRefusedNamingIt() {
        Api.Response refused = api.post(DOCTORS, doctorBody(uniqueEmail("doctor"), Map.of("timeZone", "Mars/Olympus_Mons")),
                adminToken());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.problem()).isEqualTo("validation-failed");
        assertThat(refused.body().path("errors").findValuesAsString("field")).containsExactly("timeZone");
    }

    @Test
    void aMissingOrBlankNameIsRefusedNamingIt() {
        String admin = adminToken();
        Map<String, Object> withoutName = doctorBody(uniqueEmail("doctor"), Map.of());
        withoutName.remove("name");
        Api.Response missing = api.post(DOCTORS, withoutName, admin);
        assertThat(missing.status()).as(missing.toString()).isEqualTo(400);
        assertThat(missing.body().path("errors").findValuesAsString("field")).containsExactly("name");

        Api.Response blank = api.post(DOCTORS, doctorBody(uniqueEmail("doctor"), Map.of("name", "  ")), admin);
        assertThat(blank.status()).as(blank.toString()).isEqualTo(400);
        assertThat(blank.body().path("errors").findValuesAsString("field")).containsExactly("name");
    }

    @Test
    void everyOfferedConsultationTypeNeedsAFeeAndInPersonNeedsALocation() {
        String admin = adminToken();
        String email = uniqueEmail("doctor");
        Api.Response noVideoFee = api.post(DOCTORS, doctorBody(email, Map.of("fees",
                Map.of("IN_PERSON", Map.of("amountMinor", 6000, "currency", "EUR")))), admin);
        assertThat(noVideoFee.status()).as(noVideoFee.toString()).isEqualTo(422);
        assertThat(noVideoFee.problem()).isEqualTo("doctor-profile-invalid");
        assertThat(noVideoFee.text("detail")).contains("VIDEO");

        Api.Response nowhere = api.post(DOCTORS, doctorBody(email, Map.of("consultationTypes", List.of("IN_PERSON"),
                "fees", Map.of("IN_PERSON", Map.of("amountMinor", 6000, "currency", "EUR")), "locations", List.of())), admin);
        assertThat(nowhere.status()).as(nowhere.toString()).isEqualTo(422);
        assertThat(nowhere.problem()).isEqualTo("doctor-profile-invalid");
        assertThat(nowhere.text("detail")).containsIgnoringCase("location");

        Api.Response videoOnly = api.post(DOCTORS, doctorBody(email, Map.of("consultationTypes", List.of("VIDEO"),
                "fees", Map.of("VIDEO", Map.of("amountMinor", 3000, "currency", "EUR")), "locations", List.of())), admin);
        assertThat(videoOnly.status()).as("refusals roll the account back, so the e-mail is still free: " + videoOnly)
                .isEqualTo(201);
        assertThat(videoOnly.body().path("locations").size()).isZero();
    }

    @Test
    void anEmailThatAlreadyHasAnAccountIsAConflict() {
        NewDoctor first = createDoctor(Map.of());
        String admin = adminToken();
        Api.Response same = api.post(DOCTORS, doctorBody(first.email(), Map.of()), admin);
        assertThat(same.status()).as(same.toString()).isEqualTo(409);
        assertThat(same.problem()).isEqualTo("email-in-use");

        Api.Response shouted = api.post(DOCTORS, doctorBody(first.email().toUpperCase(Locale.ROOT), Map.of()), admin);
        assertThat(shouted.status()).as(shouted.toString()).isEqualTo(409);
        assertThat(shouted.problem()).isEqualTo("email-in-use");
    }

    @Test
    void aNewDoctorIsPendingWithTheirLocationsAndAppearsAmongPendingDoctors() {
        String admin = adminToken();
        NewDoctor pending = createDoctor(Map.of());
        NewDoctor verified = createDoctor(Map.of());
        verifyDoctor(verified.id());

        Api.Response created = pending.created();
        assertThat(created.header("Location")).endsWith("/api/v1/admin/doctors/" + pending.id());
        assertThat(created.text("status")).isEqualTo("PENDING");
        assertThat(created.body().path("suspended").asBoolean()).isFalse();
        JsonNode location = created.body().path("locations").get(0);
        assertThat(location.path("name").asString()).isEqualTo("Praxis Mitte");
        assertThat(location.path("latitude").asDouble()).isEqualTo(52.5208);
        assertThat(location.path("geocodeStatus").asString()).isEqualTo("MANUAL");

        Api.Response pendingList = api.get(DOCTORS + "?status=PENDING&size=100", admin);
        assertThat(pendingList.status()).as(pendingList.toString()).isEqualTo(200);
        assertThat(pendingList.body().path("items").findValuesAsString("id")).contains(pending.id())
                .doesNotContain(verified.id());
        assertThat(statuses(pendingList)).containsOnly("PENDING");
        assertThat(pendingList.body().path("totalItems").asLong()).isGreaterThanOrEqualTo(1);

        Api.Response verifiedList = api.get(DOCTORS + "?status=VERIFIED&size=100", admin);
        assertThat(verifiedList.body().path("items").findValuesAsString("id")).contains(verified.id())
                .doesNotContain(pending.id());
        assertThat(statuses(verifiedList)).containsOnly("VERIFIED");

        Api.Response bogus = api.get(DOCTORS + "?status=MAYBE", admin);
        assertThat(bogus.status()).isEqualTo(400);
        assertThat(bogus.body().path("errors").findValuesAsString("field")).containsExactly("status");
    }

    // ---- verification ----

    @Test
    void verifyingTakesDoctorsVerifyAndMakesTheDoctorPublic() {
        NewDoctor doctor = createDoctor(Map.of());
        String verifier = helperToken(List.of("doctors:verify"));
        String manager = helperToken(List.of("doctors:manage"));
        String nobody = helperToken(List.of("users:read"));
        assertThat(api.get("/api/v1/doctors/" + doctor.id(), null).status()).isEqualTo(404);

        for (String token : List.of(manager, nobody, patientToken(uniqueEmail("patient")))) {
            Api.Response refused = api.post(DOCTORS + "/" + doctor.id() + "/verification", Map.of("decision", "VERIFIED"), token);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        }
        assertThat(api.post(DOCTORS + "/" + doctor.id() + "/verification", Map.of("decision", "VERIFIED"), null).status())
                .isEqualTo(401);
        assertThat(api.get("/api/v1/doctors/" + doctor.id(), null).status()).as("still pending").isEqualTo(404);

        assertThat(api.get(DOCTORS + "/" + doctor.id(), verifier).status()).as("a verifier may read").isEqualTo(200);
        assertThat(api.get(DOCTORS + "?status=PENDING", verifier).status()).isEqualTo(200);
        assertThat(api.get(DOCTORS + "/" + doctor.id(), nobody).status()).isEqualTo(403);
        assertThat(api.post(DOCTORS, doctorBody(uniqueEmail("doctor"), Map.of()), verifier).status())
                .as("verifying is not creating").isEqualTo(403);

        Api.Response verified = api.post(DOCTORS + "/" + doctor.id() + "/verification", Map.of("decision", "VERIFIED"), verifier);
        assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
        assertThat(verified.text("status")).isEqualTo("VERIFIED");
        assertThat(api.get("/api/v1/doctors/" + doctor.id(), null).status()).isEqualTo(200);

        Api.Response again = api.post(DOCTORS + "/" + doctor.id() + "/verification", Map.of("decision", "VERIFIED"), verifier);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problem()).isEqualTo("already-verified");
    }

    @Test
    void aRejectionNeedsAReasonAndKeepsTheDoctorOutOfPublicView() {
        NewDoctor doctor = createDoctor(Map.of());
        String admin = adminToken();
        String path = DOCTORS + "/" + doctor.id() + "/verification";

        Api.Response noReason = api.post(path, Map.of("decision", "REJECTED"), admin);
        assertThat(noReason.status()).as(noReason.toString()).isEqualTo(400);
        Api.Response blankReason = api.post(path, Map.of("decision", "REJECTED", "reason", "   "), admin);
        assertThat(blankReason.status()).as(blankReason.toString()).isEqualTo(400);
        Api.Response noDecision = api.post(path, Map.of("reason", "whatever"), admin);
        assertThat(noDecision.status()).isEqualTo(400);
        assertThat(noDecision.body().path("errors").findValuesAsString("field")).containsExactly("decision");
        assertThat(api.get(DOCTORS + "/" + doctor.id(), admin).text("status")).isEqualTo("PENDING");

        Api.Response rejected = api.post(path, Map.of("decision", "REJECTED", "reason", " Licence number unknown to the chamber "),
                admin);
        assertThat(rejected.status()).as(rejected.toString()).isEqualTo(200);
        assertThat(rejected.text("status")).isEqualTo("REJECTED");
        assertThat(rejected.text("rejectionReason")).isEqualTo("Licence number unknown to the chamber");

        assertThat(api.get("/api/v1/doctors/" + doctor.id(), null).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/doctors/" + doctor.id() + "/slots", null).status()).isEqualTo(404);
        Api.Response rejectedList = api.get(DOCTORS + "?status=REJECTED&size=100", admin);
        assertThat(rejectedList.body().path("items").findValuesAsString("id")).contains(doctor.id());
    }

    // ---- suspension ----

    @Test
    void theCatalogueNamesTheDoctorsChangedSinceAnInstantForWhoeverKeepsTheirProfilesInMemory() {
        NewDoctor doctor = createDoctor(Map.of("name", "Dr. Ilse " + tag()));
        UUID id = UUID.fromString(doctor.id());
        verifyDoctor(doctor.id());
        clock.advance(Duration.ofMinutes(5));
        Instant quiet = clock.instant();
        assertThat(catalogue.changedSince(quiet)).doesNotContain(id);

        Api.Response suspended = api.post(DOCTORS + "/" + doctor.id() + "/suspend", Map.of("reason", "complaints"),
                helperToken(List.of("doctors:verify")));
        assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);

        assertThat(catalogue.changedSince(quiet)).contains(id);
        assertThat(catalogue.changedSince(clock.instant().plusMillis(1))).doesNotContain(id);
    }

    @Test
    void suspensionHidesProfileSlotsAndSearchResultUntilReinstated() {
        String tag = tag();
        NewDoctor doctor = createDoctor(Map.of("name", "Dr. Hanna " + tag));
        Api.Response schedule = api.put("/api/v1/doctor/availability", Map.of("weeklyRules", everyDayVideo(),
                "minimumNoticeMinutes", 0, "horizonDays", 30), doctorToken(doctor));
        assertThat(schedule.status()).as(schedule.toString()).isEqualTo(200);
        verifyDoctor(doctor.id());
        String verifier = helperToken(List.of("doctors:verify"));
        String manager = helperToken(List.of("doctors:manage"));
        String profile = "/api/v1/doctors/" + doctor.id();

        assertThat(api.get(profile, null).status()).isEqualTo(200);
        assertThat(api.get(profile + "/slots", null).body().path("slots").size()).isPositive();
        awaitSearchFinds(tag, true, doctor.id());

        assertThat(api.post(DOCTORS + "/" + doctor.id() + "/suspend", Map.of("reason", "complaints"), manager).status())
                .as("suspending takes doctors:verify").isEqualTo(403);
        Api.Response suspended = api.post(DOCTORS + "/" + doctor.id() + "/suspend", Map.of("reason", "complaints"), verifier);
        assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);
        assertThat(suspended.body().path("suspended").asBoolean()).isTrue();
        assertThat(suspended.text("status")).as("still verified, only suspended").isEqualTo("VERIFIED");
        assertThat(api.post(DOCTORS + "/" + doctor.id() + "/suspend", null, verifier).problem()).isEqualTo("already-suspended");

        assertThat(api.get(profile, null).status()).isEqualTo(404);
        assertThat(api.get(profile + "/slots", null).status()).isEqualTo(404);
        awaitSearchFinds(tag, false, doctor.id());

        Api.Response reinstated = api.post(DOCTORS + "/" + doctor.id() + "/reinstate", null, verifier);
        assertThat(reinstated.status()).as(reinstated.toString()).isEqualTo(200);
        assertThat(reinstated.text("id")).isEqualTo(doctor.id());
        assertThat(reinstated.body().has("suspended")).isTrue();
        assertThat(reinstated.body().path("suspended").asBoolean()).isFalse();
        assertThat(api.post(DOCTORS + "/" + doctor.id() + "/reinstate", null, verifier).problem()).isEqualTo("not-suspended");
        assertThat(api.get(profile, null).status()).isEqualTo(200);
        assertThat(api.get(profile + "/slots", null).body().path("slots").size()).isPositive();
        awaitSearchFinds(tag, true, doctor.id());
    }

    @Test
    void verificationRejectionSuspensionAndReinstatementAreAudited() {
        StaffAccount verifierAccount = newStaffAccount("HELPER", List.of("doctors:verify"));
        String verifier = activateStaff(verifierAccount.email(), verifierAccount.temporaryPassword(),
                "Verifier passphrase " + verifierAccount.email()).text("accessToken");
        NewDoctor accepted = createDoctor(Map.of());
        NewDoctor refused = createDoctor(Map.of());
        assertThat(api.post(DOCTORS + "/" + accepted.id() + "/verification", Map.of("decision", "VERIFIED"), verifier)
                .status()).isEqualTo(200);
        assertThat(api.post(DOCTORS + "/" + refused.id() + "/verification",
                Map.of("decision", "REJECTED", "reason", "Diploma not recognised"), verifier).status()).isEqualTo(200);
        assertThat(api.post(DOCTORS + "/" + accepted.id() + "/suspend", Map.of("reason", "Under investigation"), verifier)
                .status()).isEqualTo(200);
        assertThat(api.post(DOCTORS + "/" + accepted.id() + "/reinstate", null, verifier).status()).isEqualTo(200);

        String admin = adminToken();
        JsonNode verified = awaitAuditEntry(admin, "doctor.verified", accepted.id());
        assertThat(verified.path("actorId").asString()).isEqualTo(verifierAccount.id());
        assertThat(verified.path("ip").asString()).isEqualTo(api.clientIp());

        JsonNode rejected = awaitAuditEntry(admin, "doctor.rejected", refused.id());
        assertThat(rejected.path("actorId").asString()).isEqualTo(verifierAccount.id());
        assertThat(rejected.path("details").path("reason").asString()).isEqualTo("Diploma not recognised");

        JsonNode suspended = awaitAuditEntry(admin, "doctor.suspended", accepted.id());
        assertThat(suspended.path("details").path("reason").asString()).isEqualTo("Under investigation");
        JsonNode reinstated = awaitAuditEntry(admin, "doctor.reinstated", accepted.id());
        assertThat(reinstated.path("actorId").asString()).isEqualTo(verifierAccount.id());

        JsonNode created = awaitAuditEntry(admin, "doctor.created", accepted.id());
        assertThat(created.path("target").asString()).isEqualTo("doctor:" + accepted.id());

        Api.Response verifiedOnly = api.get("/api/v1/admin/audit?action=doctor.verified&size=100", admin);
        List<String> actions = new ArrayList<>(verifiedOnly.body().path("items").findValuesAsString("action"));
        assertThat(actions).isNotEmpty().containsOnly("doctor.verified");
        assertThat(api.get("/api/v1/admin/audit?action=doctor.verified&target=doctor:" + refused.id(), admin)
                .body().path("totalItems").asLong()).as("the rejected doctor was never verified").isZero();
    }

    // ---- profile edits ----

    @Test
    void aDoctorEditsTheirBioAndLanguagesButNotTheirFeesWhichTheAdminChanges() {
        NewDoctor doctor = createDoctor(Map.of());
        verifyDoctor(doctor.id());
        String token = doctorToken(doctor);
        String admin = adminToken();

        Map<String, Object> edit = new LinkedHashMap<>();
        edit.put("bio", "Heart health, sports cardiology and prevention");
        edit.put("languages", List.of("de", "tr"));
        edit.put("fees", Map.of("IN_PERSON", Map.of("amountMinor", 1, "currency", "EUR"),
                "VIDEO", Map.of("amountMinor", 1, "currency", "EUR")));
        edit.put("licenceNumber", "SELF-MADE-1");
        Api.Response edited = api.patch("/api/v1/doctor/profile", edit, token);
        // The doctor's edit document has no fee or licence fields: unknown fields are ignored, not applied.
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        assertThat(edited.text("bio")).isEqualTo("Heart health, sports cardiology and prevention");
        assertThat(edited.body().path("fees").path("IN_PERSON").path("amountMinor").asLong()).isEqualTo(6000);
        assertThat(edited.body().path("fees").path("VIDEO").path("amountMinor").asLong()).isEqualTo(4500);
        assertThat(edited.text("licenceNumber")).isNotEqualTo("SELF-MADE-1");

        Api.Response publicProfile = api.get("/api/v1/doctors/" + doctor.id(), null);
        assertThat(publicProfile.text("bio")).isEqualTo("Heart health, sports cardiology and prevention");
        assertThat(strings(publicProfile.body().path("languages"))).containsExactly("de", "tr");
        assertThat(publicProfile.body().path("fees").path("IN_PERSON").path("amountMinor").asLong()).isEqualTo(6000);
        Api.Response adminView = api.get(DOCTORS + "/" + doctor.id(), admin);
        assertThat(adminView.body().path("fees").path("VIDEO").path("amountMinor").asLong()).isEqualTo(4500);
        assertThat(adminView.text("licenceNumber")).startsWith("BER-");

        Api.Response badLanguage = api.patch("/api/v1/doctor/profile", Map.of("languages", List.of("German")), token);
        assertThat(badLanguage.status()).isEqualTo(400);
        assertThat(api.patch(DOCTORS + "/" + doctor.id(), Map.of("fees", Map.of()), token).status())
                .as("the platform edit is not the doctor's").isEqualTo(403);

        Api.Response repriced = api.patch(DOCTORS + "/" + doctor.id(), Map.of("fees",
                Map.of("IN_PERSON", Map.of("amountMinor", 7500, "currency", "EUR"),
                        "VIDEO", Map.of("amountMinor", 5000, "currency", "EUR"))), admin);
        assertThat(repriced.status()).as(repriced.toString()).isEqualTo(200);
        assertThat(repriced.body().path("fees").path("IN_PERSON").path("amountMinor").asLong()).isEqualTo(7500);
        assertThat(repriced.text("bio")).as("the doctor's own fields stay").isEqualTo("Heart health, sports cardiology and prevention");
        Api.Response repricedPublic = api.get("/api/v1/doctors/" + doctor.id(), null);
        assertThat(repricedPublic.body().path("fees").path("IN_PERSON").path("amountMinor").asLong()).isEqualTo(7500);
        assertThat(repricedPublic.body().path("fees").path("VIDEO").path("amountMinor").asLong()).isEqualTo(5000);

        Api.Response missingFee = api.patch(DOCTORS + "/" + doctor.id(), Map.of("fees",
                Map.of("IN_PERSON", Map.of("amountMinor", 7500, "currency", "EUR"))), admin);
        assertThat(missingFee.status()).as("video is still offered, so it needs a fee").isEqualTo(422);
    }

    @Test
    void thePublicProfileHidesContactDetailsAndLicence() {
        NewDoctor doctor = createDoctor(Map.of());
        verifyDoctor(doctor.id());

        Api.Response adminView = api.get(DOCTORS + "/" + doctor.id(), adminToken());
        assertThat(adminView.text("email")).isEqualTo(doctor.email());
        assertThat(adminView.text("phone")).isEqualTo("+49301234567");
        assertThat(adminView.text("licenceNumber")).startsWith("BER-");

        Api.Response publicView = api.get("/api/v1/doctors/" + doctor.id(), null);
        assertThat(publicView.status()).isEqualTo(200);
        JsonNode body = publicView.body();
        for (String hidden : List.of("email", "phone", "licenceNumber", "status", "rejectionReason", "suspended")) {
            assertThat(body.has(hidden)).as(hidden + " in " + publicView).isFalse();
        }
        assertThat(body.path("locations").get(0).has("geocodeStatus")).isFalse();
        assertThat(publicView.raw()).doesNotContain(doctor.email()).doesNotContain("1234567")
                .doesNotContain(adminView.text("licenceNumber"));
        assertThat(publicView.text("name")).isEqualTo("Dr. Anna Müller");
        assertThat(body.path("locations").get(0).path("address").asString()).isEqualTo("Friedrichstr. 100, 10117 Berlin");
    }

    @Test
    void aDoctorsPhoneIsStoredEncrypted() throws Exception {
        String digits = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000L, 9_999_999L));
        NewDoctor doctor = createDoctor(Map.of("phone", "+49 30 " + digits));
        String token = doctorToken(doctor);
        assertThat(api.get("/api/v1/doctor/profile", token).text("phone")).isEqualTo("+4930" + digits);
        assertStoredWithout(doctor.id(), digits);

        String newDigits = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000L, 9_999_999L));
        Api.Response edited = api.patch("/api/v1/doctor/profile", Map.of("phone", "+49 40 " + newDigits), token);
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        assertThat(edited.text("phone")).isEqualTo("+4940" + newDigits);
        assertStoredWithout(doctor.id(), newDigits);
        assertThat(api.get(DOCTORS + "/" + doctor.id(), adminToken()).text("phone")).isEqualTo("+4940" + newDigits);

        Api.Response blank = api.patch("/api/v1/doctor/profile", Map.of("phone", "  ", "bio", "Hearts"), token);
        assertThat(blank.status()).as(blank.toString()).isEqualTo(200);
        assertThat(blank.text("phone")).as("a blank phone leaves the phone as it was").isEqualTo("+4940" + newDigits);
    }

    // ---- specialties ----

    @Test
    void specialtiesArePublicAndOnlyDoctorManagersAddThem() {
        Api.Response seeded = api.get("/api/v1/specialties", null);
        assertThat(seeded.status()).isEqualTo(200);
        Map<String, String> names = specialtyNames(seeded);
        assertThat(names).containsEntry("cardiology", "Cardiology").containsEntry("otolaryngology", "Ear, nose and throat")
                .containsEntry("general-practice", "General practice");

        String code = "sleep-" + tag().toLowerCase(Locale.ROOT);
        String admin = adminToken();
        Api.Response added = api.post("/api/v1/admin/specialties", Map.of("code", code, "name", "Sleep medicine"), admin);
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        assertThat(added.text("code")).isEqualTo(code);
        assertThat(specialtyNames(api.get("/api/v1/specialties", null))).containsEntry(code, "Sleep medicine");

        Api.Response duplicate = api.post("/api/v1/admin/specialties", Map.of("code", code, "name", "Somnology"), admin);
        assertThat(duplicate.status()).as(duplicate.toString()).isEqualTo(409);
        assertThat(duplicate.problem()).isEqualTo("specialty-exists");
        assertThat(specialtyNames(api.get("/api/v1/specialties", null))).containsEntry(code, "Sleep medicine");

        Api.Response badCode = api.post("/api/v1/admin/specialties", Map.of("code", "Sleep Medicine", "name", "x"), admin);
        assertThat(badCode.status()).isEqualTo(400);
        assertThat(badCode.body().path("errors").findValuesAsString("field")).containsExactly("code");

        String verifier = helperToken(List.of("doctors:verify"));
        String other = "other-" + tag().toLowerCase(Locale.ROOT);
        assertThat(api.post("/api/v1/admin/specialties", Map.of("code", other, "name", "Other"), verifier).status())
                .isEqualTo(403);
        assertThat(api.put("/api/v1/admin/specialties/" + code, Map.of("name", "Renamed"), verifier).status()).isEqualTo(403);
        assertThat(specialtyNames(api.get("/api/v1/specialties", null))).doesNotContainKey(other);

        String manager = helperToken(List.of("doctors:manage"));
        Api.Response renamed = api.put("/api/v1/admin/specialties/" + code, Map.of("name", "Sleep and rest medicine"), manager);
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertThat(renamed.text("code")).isEqualTo(code);
        assertThat(renamed.text("name")).isEqualTo("Sleep and rest medicine");
        assertThat(specialtyNames(api.get("/api/v1/specialties", null))).containsEntry(code, "Sleep and rest medicine");
        assertThat(api.put("/api/v1/admin/specialties/no-such-" + tag().toLowerCase(Locale.ROOT), Map.of("name", "X"), manager)
                .status()).isEqualTo(404);

        NewDoctor sleepDoctor = createDoctor(Map.of("specialties", List.of(code)));
        assertThat(strings(sleepDoctor.created().body().path("specialties"))).containsExactly(code);
    }

    // ---- helpers ----

    private static String tag() {
        String consonants = "bcdfghjklmnpqrstvwxz";
        StringBuilder tag = new StringBuilder("Zv");
        for (int i = 0; i < 8; i++) {
            tag.append(consonants.charAt(ThreadLocalRandom.current().nextInt(consonants.length())));
        }
        return tag.toString();
    }

    private static List<Map<String, Object>> everyDayVideo() {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (java.time.DayOfWeek day : java.time.DayOfWeek.values()) {
            rules.add(Map.of("dayOfWeek", day.name(), "start", "07:00", "end", "21:00", "slotMinutes", 30,
                    "bufferMinutes", 0, "type", "VIDEO"));
        }
        return rules;
    }

    private void awaitSearchFinds(String tag, boolean found, String doctorId) {
        await().atMost(ASYNC).untilAsserted(() -> {
            Api.Response search = api.get("/api/v1/doctors?q=" + tag, null);
            assertThat(search.status()).as(search.toString()).isEqualTo(200);
            List<String> ids = search.body().path("items").findValuesAsString("id");
            if (found) {
                assertThat(ids).containsExactly(doctorId);
            } else {
                assertThat(ids).isEmpty();
            }
        });
    }

    private JsonNode awaitAuditEntry(String admin, String action, String doctorId) {
        String query = "/api/v1/admin/audit?action=" + action + "&target=doctor:" + doctorId;
        await().atMost(ASYNC).untilAsserted(() -> {
            Api.Response trail = api.get(query, admin);
            assertThat(trail.status()).as(trail.toString()).isEqualTo(200);
            assertThat(trail.body().path("totalItems").asLong()).isEqualTo(1);
        });
        JsonNode entry = api.get(query, admin).body().path("items").get(0);
        assertThat(entry.path("action").asString()).isEqualTo(action);
        assertThat(entry.path("target").asString()).isEqualTo("doctor:" + doctorId);
        return entry;
    }

    private static void assertStoredWithout(String doctorId, String digits) throws Exception {
        try (Connection connection = TestDatabase.connect();
             PreparedStatement select = connection.prepareStatement("SELECT phone_enc FROM doctors WHERE id = ?")) {
            select.setObject(1, UUID.fromString(doctorId));
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                byte[] stored = row.getBytes(1);
                assertThat(stored).isNotNull();
                assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(digits);
                assertThat(new String(stored, StandardCharsets.UTF_16BE)).doesNotContain(digits);
                assertThat(stored.length).as("more than the number itself: nonce and tag").isGreaterThan(16);
            }
        }
    }

    private static List<String> statuses(Api.Response list) {
        return list.body().path("items").findValuesAsString("status");
    }

    private static Map<String, String> specialtyNames(Api.Response list) {
        Map<String, String> names = new LinkedHashMap<>();
        for (JsonNode specialty : list.body()) {
            names.put(specialty.path("code").asString(), specialty.path("name").asString());
        }
        return names;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        for (JsonNode value : array) {
            values.add(value.asString());
        }
        return values;
    }
}
