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
