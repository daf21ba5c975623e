package org.medbook.identity.api;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PersonalDataExportTests extends PrivacyTestSupport {

    @Test
    void theExportHoldsEveryPartOfTheCallersDataAndNothingOfAnotherPatient() {
        Person alba = namedPatient("alba");
        Person other = namedPatient("other");
        String albaBooking = cashBooking(alba);
        String otherBooking = cashBooking(other);
        String conversation = chatWithPdf(alba, "Alba's question about the ferritin value");
        chatWithPdf(other, "Another patient's own secret question");
        awaitNotification(alba.token(), "BOOKING_CONFIRMED");
        // the sign-in is recorded by the audit module after commit: wait for it to be in the trail
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/admin/audit?action=sign-in.succeeded&target=user:"
                + alba.id(), adminToken()).body().path("totalItems").asLong() > 0);

        String exportId = requestExport(alba.token());
        Map<String, byte[]> zip = awaitZip(exportId, alba.token());

        assertThat(zip.keySet()).contains("profile.json", "bookings.json", "payments.json", "reviews.json",
                "conversations.json", "notifications.json", "consents.json", "access-log.json", "index.html");
        assertThat(text(zip, "profile.json")).contains(alba.email(), alba.id().toString()).doesNotContain(other.email());
        assertThat(text(zip, "bookings.json")).contains(albaBooking).doesNotContain(otherBooking);
        assertThat(text(zip, "payments.json")).contains(albaBooking, "CASH").doesNotContain(otherBooking);
        assertThat(text(zip, "conversations.json")).contains(conversation, "Alba's question about the ferritin value",
                "lab-result.pdf").doesNotContain("Another patient's own secret question");
        String pdf = zip.keySet().stream().filter(name -> name.startsWith("conversations/")).findFirst().orElseThrow();
        assertThat(zip.get(pdf)).isEqualTo(PDF);
        assertThat(zip.keySet().stream().filter(name -> name.startsWith("conversations/"))).hasSize(1);
        assertThat(text(zip, "notifications.json")).contains("BOOKING_CONFIRMED", albaBooking).doesNotContain(otherBooking);
        assertThat(text(zip, "access-log.json")).contains("sign-in.succeeded", "user:" + alba.id())
                .doesNotContain(other.id().toString());
        assertThat(text(zip, "reviews.json").strip()).isEqualTo("[ ]");

        String html = text(zip, "index.html");
        assertThat(html).contains("bookings", "conversations", "access-log")
                .contains("O&#39;Brien &amp; alba").doesNotContain("O'Brien & alba").doesNotContain(other.email());
    }

    @Test
    void aFileKeepsItsNameInTheArchiveWithoutCharactersFileSystemsRefuseAndTheSummaryCountsIt() {
        Person patient = namedPatient("files");
        cashBooking(patient);
        chatWithPdf(patient, "The scan of my left knee", "knee:left?.pdf");

        Map<String, byte[]> zip = awaitZip(requestExport(patient.token()), patient.token());

        String file = zip.keySet().stream().filter(name -> name.startsWith("conversations/")).findFirst().orElseThrow();
        assertThat(file).matches("conversations/[0-9a-f-]{36}-knee_left_\\.pdf");
        assertThat(zip.get(file)).isEqualTo(PDF);
        assertThat(text(zip, "index.html")).containsPattern("conversations</a>: \\d+ record\\(s\\), 1 file\\(s\\)")
                .contains("<p>File: " + file + "</p>");
        // asking for the export and fetching it are both in the patient's audit trail
        String admin = adminToken();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (String action : java.util.List.of("personal-data.export-requested", "personal-data.export-downloaded")) {
                assertThat(api.get("/api/v1/admin/audit?action=" + action + "&target=user:" + patient.id(), admin).body()
                        .path("totalItems").asLong()).as(action).isPositive();
            }
        });
    }

    @Test
    void aDoctorsExportHoldsTheirProfileScheduleAndTheReviewsTheyReceivedWithRepliesButNotWhoWroteThem() {
        clock.setTo(Instant.parse("2032-05-04T05:00:00Z"));
        NewDoctor doctor = bookableDoctor();
        String doctorToken = staffLogin(doctor.email(), doctor.temporaryPassword());
        Api.Response timeOff = api.post("/api/v1/doctor/time-off", Map.of("start", at(berlinDay(20), 6, 0),
                "end", at(berlinDay(21), 22, 0), "reason", "Cardiology congress"), doctorToken);
        assertThat(timeOff.status()).as(timeOff.toString()).isIn(200, 201);
        Person patient = namedPatient("reviewer");
        java.time.LocalDate day = berlinDay(1);
        String visit = booked(patient.patient(), doctor.id(), at(day, 7, 0), "IN_PERSON", "CASH");
        advanceTo(instant(at(day, 7, 45)));
        doctorToken = staffLogin(doctor.email(), doctor.temporaryPassword());
        assertThat(doctorAction(doctorToken, visit, "complete").status()).isEqualTo(200);
        Api.Response reviewed = api.post(BOOKINGS + "/" + visit + "/review",
                body("rating", 4, "text", "Precise and kind", "anonymous", true), patient.patient().signIn());
        assertThat(reviewed.status()).as(reviewed.toString()).isEqualTo(201);
        assertThat(api.post("/api/v1/doctor/reviews/" + reviewed.text("id") + "/reply",
                body("text", "Thank you for coming"), doctorToken).status()).isEqualTo(200);

        Map<String, byte[]> zip = awaitZip(requestExport(doctorToken), doctorToken);

        assertThat(text(zip, "doctor-profile.json")).contains(doctor.id(), doctor.email(), "Dr. Anna Müller",
                "+49301234567", "Cardiologist in Berlin Mitte", "cardiology", "Cardiology", "\"de\"", "Praxis Mitte",
                "Friedrichstr. 100, 10117 Berlin", "6000", "4500", "06:00", "14:00", "VIDEO", "Cardiology congress");
        assertThat(text(zip, "reviews.json")).contains("received", "Precise and kind", "Thank you for coming")
                .doesNotContain(patient.id().toString()).doesNotContain(patient.name());
        assertThat(text(zip, "bookings.json")).contains(visit);
        assertThat(text(zip, "index.html")).contains("doctor-profile", "Praxis Mitte");
        assertThat(text(zip, "profile.json")).contains(doctor.email());
    }

    @Test
    void theOwnerIsToldWhenTheExportIsReadyAndWhileItIsBuiltTheStatusIsJson() {
        Person owner = namedPatient("told");

        String exportId = requestExport(owner.token());
        HttpResponse<byte[]> first = fetchExport(exportId, owner.token());
        assertThat(first.statusCode()).isEqualTo(200);
        if (first.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            assertThat(new String(first.body(), StandardCharsets.UTF_8)).contains("\"status\":\"PENDING\"");
        }

        JsonNode ready = awaitNotification(owner.token(), "EXPORT_READY");
        assertThat(ready.path("data").path("exportId").asString()).isEqualTo(exportId);
        assertThat(awaitZip(exportId, owner.token())).containsKey("index.html");
    }

    @Test
    void onlyTheOwnerMayFetchAnExport() {
        Person owner = namedPatient("owner");
        Person stranger = namedPatient("stranger");
        String exportId = requestExport(owner.token());
        awaitZip(exportId, owner.token());

        assertThat(fetchExport(exportId, stranger.token()).statusCode()).isEqualTo(404);
        assertThat(fetchExport(exportId, adminToken()).statusCode()).isEqualTo(404);
        assertThat(fetchExport(exportId, null).statusCode()).isEqualTo(401);
        assertThat(api.post(EXPORTS, null, null).status()).isEqualTo(401);
        assertThat(fetchExport(java.util.UUID.randomUUID().toString(), owner.token()).statusCode()).isEqualTo(404);
    }

    @Test
    void anExportCanBeDownloadedForSevenDaysAndNoLonger() {
        Instant requested = Instant.parse("2031-04-02T08:00:00Z");
        clock.setTo(requested);
        Person owner = namedPatient("expiring");
        String exportId = requestExport(owner.token());
        awaitZip(exportId, owner.token());

        clock.setTo(requested.plus(Duration.ofDays(7)).minus(Duration.ofMinutes(1)));
        String token = owner.patient().signIn();
        assertThat(awaitZip(exportId, token)).containsKey("profile.json");

        clock.setTo(requested.plus(Duration.ofDays(7)).plus(Duration.ofMinutes(1)));
        token = owner.patient().signIn();
        HttpResponse<byte[]> expired = fetchExport(exportId, token);
        assertThat(expired.statusCode()).isEqualTo(404);
        assertThat(new String(expired.body(), StandardCharsets.UTF_8)).contains("export-expired");
        Api.Response again = api.post(EXPORTS, null, token);
        assertThat(again.status()).as("a new export can be asked for").isEqualTo(202);
    }
}
