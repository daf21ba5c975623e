package org.medbook.payments.api;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.medbook.audit.PatientDataAccess;
import org.medbook.support.Api;
import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Answering a Stripe dispute through Stripe's Files and Disputes APIs (WireMock speaks Stripe's format). */
class DisputeEvidenceTests extends PaymentsTestSupport {

    private static final long VIDEO_FEE = 4500;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    private PatientDataAccess access;

    @Test
    void evidenceTextAndFilesAreUploadedAndSubmittedAndTheOutcomeArrivesByWebhook() {
        Dispute dispute = openDispute(Duration.ofDays(7));
        String manager = helperToken(List.of("disputes:manage"));
        String reader = helperToken(List.of("payments:read"));

        Api.Response detail = api.get("/api/v1/admin/disputes/" + dispute.id(), reader);
        assertThat(detail.status()).as(detail.toString()).isEqualTo(200);
        assertThat(detail.text("method")).isEqualTo("STRIPE");
        assertThat(detail.text("bookingId")).isEqualTo(dispute.bookingId());
        assertThat(detail.text("providerUrl")).isEqualTo("https://dashboard.stripe.com/disputes/" + dispute.ref());

        PROVIDERS.stubFor(post(urlPathEqualTo("/v1/files")).willReturn(json(200,
                "{\"id\":\"file_visitlog\",\"object\":\"file\",\"purpose\":\"dispute_evidence\",\"size\":11}")));
        PROVIDERS.stubFor(post(urlPathEqualTo("/v1/disputes/" + dispute.ref())).willReturn(json(200,
                disputeJson(dispute.ref(), dispute.intent(), VIDEO_FEE, "under_review", dispute.dueBy()))));

        assertThat(multipart("/api/v1/admin/disputes/" + dispute.id() + "/evidence", reader, "The patient attended", true,
                "visit-log.txt", "joined 10:00").status()).isEqualTo(403);
        Api.Response empty = multipart("/api/v1/admin/disputes/" + dispute.id() + "/evidence", manager, null, true,
                null, null);
        assertThat(empty.status()).as(empty.toString()).isEqualTo(400);
        assertThat(empty.problem()).isEqualTo("evidence-required");

        Api.Response sent = multipart("/api/v1/admin/disputes/" + dispute.id() + "/evidence", manager,
                "The patient attended the video visit for 25 minutes.", true, "visit-log.txt", "joined 10:00");
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(sent.text("status")).isEqualTo("under_review");
        assertThat(sent.body().path("evidence").get(0).path("fileIds").get(0).asString()).isEqualTo("file_visitlog");
        assertThat(sent.body().path("evidence").get(0).path("submitted").asBoolean()).isTrue();

        LoggedRequest upload = PROVIDERS.findAll(postRequestedFor(urlPathEqualTo("/v1/files"))).get(0);
        assertThat(upload.getHeader("Content-Type")).startsWith("multipart/form-data");
        assertThat(upload.getBodyAsString()).contains("name=\"purpose\"", "dispute_evidence", "filename=\"visit-log.txt\"",
                "joined 10:00");
        LoggedRequest update = PROVIDERS.findAll(postRequestedFor(urlPathEqualTo("/v1/disputes/" + dispute.ref()))).get(0);
        String form = URLDecoder.decode(update.getBodyAsString(), StandardCharsets.UTF_8);
        assertThat(form).contains("evidence[uncategorized_text]=The patient attended the video visit for 25 minutes.",
                "evidence[uncategorized_file]=file_visitlog", "submit=true");
        assertThat(update.getHeader("Authorization")).isEqualTo("Bearer sk_test_medbook");
        assertThat(ledger(dispute.bookingId())).containsSubsequence("DISPUTE_NEEDS_RESPONSE", "DISPUTE_UNDER_REVIEW");

        Api.Response again = multipart("/api/v1/admin/disputes/" + dispute.id() + "/evidence", manager, "More", true,
                null, null);
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.problem()).isEqualTo("dispute-not-open");

        stubDispute(dispute.ref(), dispute.intent(), VIDEO_FEE, "won", dispute.dueBy());
        assertThat(deliverStripe(stripeEvent(newEventId(), "charge.dispute.closed",
                disputeJson(dispute.ref(), dispute.intent(), VIDEO_FEE, "won", dispute.dueBy()))).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/admin/disputes/" + dispute.id(), manager).text("status")).isEqualTo("won");
        assertThat(ledger(dispute.bookingId())).containsSubsequence("DISPUTE_UNDER_REVIEW", "DISPUTE_WON");

        String admin = adminToken();
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/admin/audit?target=dispute:" + dispute.id(),
                admin).body().path("items").findValuesAsString("action").contains("dispute.evidence-submitted"));
    }

    @Test
    void acceptingADisputeClosesItAtStripeAndTheLossIsInTheLedger() {
        Dispute dispute = openDispute(Duration.ofDays(10));
        String manager = helperToken(List.of("disputes:manage"));
        PROVIDERS.stubFor(post(urlPathEqualTo("/v1/disputes/" + dispute.ref() + "/close")).willReturn(json(200,
                disputeJson(dispute.ref(), dispute.intent(), VIDEO_FEE, "lost", dispute.dueBy()))));

        assertThat(api.post("/api/v1/admin/disputes/" + dispute.id() + "/accept", null,
                helperToken(List.of("payments:read"))).status()).isEqualTo(403);
        Api.Response accepted = api.post("/api/v1/admin/disputes/" + dispute.id() + "/accept", null, manager);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        assertThat(accepted.text("status")).isEqualTo("lost");
        PROVIDERS.verify(1, postRequestedFor(urlPathEqualTo("/v1/disputes/" + dispute.ref() + "/close")));
        assertThat(ledger(dispute.bookingId())).containsSubsequence("DISPUTE_NEEDS_RESPONSE", "DISPUTE_LOST");
        assertThat(api.post("/api/v1/admin/disputes/" + dispute.id() + "/accept", null, manager).problem())
                .isEqualTo("dispute-not-open");
        assertThat(api.get("/api/v1/admin/disputes/" + UUID.randomUUID(), manager).status()).isEqualTo(404);
    }

    @Test
    void evidenceMayBeTextAloneOrFilesAloneUpToTheLimitsAndNotBeyond() {
        Dispute dispute = openDispute(Duration.ofDays(7));
        String manager = helperToken(List.of("disputes:manage"));
        String evidence = "/api/v1/admin/disputes/" + dispute.id() + "/evidence";
        PROVIDERS.stubFor(post(urlPathEqualTo("/v1/files")).willReturn(json(200,
                "{\"id\":\"file_evidence\",\"object\":\"file\",\"purpose\":\"dispute_evidence\",\"size\":1}")));
        // Saved as a draft, the dispute stays open for the next answer; Stripe's answer here names no currency.
        PROVIDERS.stubFor(post(urlPathEqualTo("/v1/disputes/" + dispute.ref())).willReturn(json(200,
                disputeJson(dispute.ref(), dispute.intent(), VIDEO_FEE, "needs_response", dispute.dueBy())
                        .replace(",\"currency\":\"eur\"", ""))));

        Api.Response textAlone = multipart(evidence, manager, "The patient attended.", false, List.of());
        Api.Response longestText = multipart(evidence, manager, "t".repeat(20_000), false, List.of());
        Api.Response mostFiles = multipart(evidence, manager, null, false,
                List.of(upload("a.txt", 10), upload("b.txt", 10), upload("c.txt", 10), upload("d.txt", 10)));
        Api.Response largestFiles = multipart(evidence, manager, null, false,
                List.of(upload("log.txt", 2_500_000), upload("notes.txt", 2_000_000)));

        for (Api.Response accepted : List.of(textAlone, longestText, mostFiles, largestFiles)) {
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
            assertThat(accepted.text("status")).isEqualTo("needs_response");
        }
        assertThat(PROVIDERS.findAll(postRequestedFor(urlPathEqualTo("/v1/files")))).hasSize(6);
        assertThat(api.get("/api/v1/admin/disputes/" + dispute.id(), manager).text("currency")).isEqualTo("EUR");

        Api.Response tooLongText = multipart(evidence, manager, "t".repeat(20_001), false, List.of());
        Api.Response tooManyFiles = multipart(evidence, manager, "Five files", false, List.of(upload("a.txt", 10),
                upload("b.txt", 10), upload("c.txt", 10), upload("d.txt", 10), upload("e.txt", 10)));
        Api.Response tooLargeFiles = multipart(evidence, manager, null, false,
                List.of(upload("log.txt", 2_500_000), upload("notes.txt", 2_000_001)));

        for (Api.Response refused : List.of(tooLongText, tooManyFiles, tooLargeFiles)) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.problem()).isEqualTo("evidence-too-large");
        }
        assertThat(PROVIDERS.findAll(postRequestedFor(urlPathEqualTo("/v1/files")))).as("nothing refused reached Stripe")
                .hasSize(6);
        PROVIDERS.verify(4, postRequestedFor(urlPathEqualTo("/v1/disputes/" + dispute.ref())));
    }

    @Test
    void anUnknownDisputeCannotBeAnswered() {
        String manager = helperToken(List.of("disputes:manage"));
        String unknown = UUID.randomUUID().toString();

        Api.Response evidence = multipart("/api/v1/admin/disputes/" + unknown + "/evidence", manager, "Attended", true,
                null, null);
        Api.Response accept = api.post("/api/v1/admin/disputes/" + unknown + "/accept", null, manager);

        for (Api.Response refused : List.of(evidence, accept)) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(404);
        }
    }

    @Test
    void readingADisputeIsRecordedAsAReadOfTheDisputingPatientsData() {
        Dispute dispute = openDispute(Duration.ofDays(7));
        String admin = adminToken();
        String reads = "/api/v1/admin/audit?action=patient-data.read&patientId=" + dispute.patientId();
        long before = api.get(reads, admin).body().path("totalItems").asLong();

        Api.Response read = api.get("/api/v1/admin/disputes/" + dispute.id(), admin);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        access.flush();

        JsonNode page = api.get(reads, admin).body();
        assertThat(page.path("totalItems").asLong()).isEqualTo(before + 1);
        assertThat(page.path("items").get(0).path("details").path("kind").asString()).isEqualTo("DISPUTE");
    }

    @Test
    void staffWhoHandleDisputesAreRemindedOnceThreeDaysBeforeEvidenceIsDue() {
        String manager = helperToken(List.of("disputes:manage"));
        String bystander = helperToken(List.of("payments:read"));
        String bystanderEmail = emailOf(bystander);
        Dispute dispute = openDispute(Duration.ofDays(5));
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertThat(kinds(manager)).contains("DISPUTE_OPENED").doesNotContain("DISPUTE_DUE_SOON");

        String email = emailOf(manager);
        clock.advance(Duration.ofDays(2).plusHours(1));
        String renewed = api.post("/api/v1/auth/login", java.util.Map.of("email", email,
                "password", "Helper passphrase " + email)).text("accessToken");
        await().atMost(Duration.ofSeconds(15)).until(() -> kinds(renewed).contains("DISPUTE_DUE_SOON"));
        JsonNode reminder = api.get("/api/v1/notifications?size=100", renewed).body().path("items").findValues("data")
                .stream().filter(d -> d.path("disputeId").asString().equals(dispute.id())).findFirst().orElseThrow();
        assertThat(reminder.path("evidenceDueBy").asString()).isEqualTo(dispute.dueBy().toString());
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> true);
        assertThat(kinds(renewed).stream().filter("DISPUTE_DUE_SOON"::equals).count()).isEqualTo(1);
        String onlooker = api.post("/api/v1/auth/login", java.util.Map.of("email", bystanderEmail,
                "password", "Helper passphrase " + bystanderEmail)).text("accessToken");
        assertThat(kinds(onlooker)).doesNotContain("DISPUTE_DUE_SOON", "DISPUTE_OPENED");
    }

    private record Dispute(String id, String ref, String intent, String bookingId, Instant dueBy, String patientId) {
    }

    private Dispute openDispute(Duration dueIn) {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail("disputed"));
        OnlineBooking booking = paidStripeBooking(patient, doctor.id(), freeSlots(doctor.id(), "VIDEO", 3).get(0), "VIDEO",
                VIDEO_FEE);
        String ref = "dp_" + booking.providerRef().substring(3);
        Instant dueBy = Instant.ofEpochSecond(clock.instant().plus(dueIn).getEpochSecond());
        stubDispute(ref, booking.providerRef(), VIDEO_FEE, "needs_response", dueBy);
        assertThat(deliverStripe(stripeEvent(newEventId(), "charge.dispute.created",
                disputeJson(ref, booking.providerRef(), VIDEO_FEE, "needs_response", dueBy))).status()).isEqualTo(200);
        String id = query("SELECT id FROM disputes WHERE provider_ref = ?", rs -> rs.getString(1), ref).get(0);
        return new Dispute(id, ref, booking.providerRef(), booking.id(), dueBy, api.get("/api/v1/me", patient).text("id"));
    }

    private List<String> kinds(String token) {
        return api.get("/api/v1/notifications?size=100", token).body().path("items").findValuesAsString("kind");
    }

    private String emailOf(String token) {
        return api.get("/api/v1/me", token).text("email");
    }

    private Api.Response multipart(String path, String token, String text, boolean submit, String filename, String content) {
        return multipart(path, token, text, submit, filename == null ? List.of()
                : List.of(new Upload(filename, content.getBytes(StandardCharsets.UTF_8))));
    }

    private record Upload(String filename, byte[] content) {
    }

    private static Upload upload(String filename, int size) {
        byte[] content = new byte[size];
        java.util.Arrays.fill(content, (byte) 'x');
        return new Upload(filename, content);
    }

    private Api.Response multipart(String path, String token, String text, boolean submit, List<Upload> files) {
        String boundary = "medbook" + UUID.randomUUID().toString().replace("-", "");
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        if (text != null) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n" + text + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"submit\"\r\n\r\n" + submit + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        for (Upload file : files) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\""
                    + file.filename() + "\"\r\nContent-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(file.content());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).header("X-Forwarded-For", api.clientIp())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isBlank() ? null : tools.jackson.databind.json.JsonMapper.builder().build()
                    .readTree(response.body());
            return new Api.Response(response.statusCode(), response.headers(), json, response.body());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
