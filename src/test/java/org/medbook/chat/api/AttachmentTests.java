package org.medbook.chat.api;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.audit.PatientDataAccess;
import org.medbook.shared.retention.RetentionJob;
import org.medbook.support.Api;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Files in a conversation: type from the content, size limit, encrypted storage, participants only. */
class AttachmentTests extends ChatTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final byte[] PNG = bytes(new int[] {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, "IHDR pixels of an x-ray");
    private static final byte[] JPEG = bytes(new int[] {0xFF, 0xD8, 0xFF, 0xE0}, "JFIF photo of a rash");
    private static final byte[] GIF = bytes(new int[] {}, "GIF89a tiny animation");
    private static final byte[] WEBP = bytes(new int[] {}, "RIFF\u0000\u0000\u0000\u0000WEBPVP8 picture");
    private static final byte[] PDF = bytes(new int[] {}, "%PDF-1.7 lab result: cholesterol 190");

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private RetentionJob retention;

    @Autowired
    private PatientDataAccess access;

    private static byte[] bytes(int[] head, String rest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b : head) {
            out.write(b);
        }
        out.writeBytes(rest.getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    record Upload(int status, JsonNode body) {
        String problem() {
            String type = body.path("type").asString();
            return type.substring(type.lastIndexOf('/') + 1);
        }
    }

    private Upload upload(UUID conversationId, Person uploader, String filename, String declaredType, byte[] content) {
        String boundary = "----medbook" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + declaredType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + CONVERSATIONS + "/"
                        + conversationId + "/attachments"))
                .header("Authorization", "Bearer " + uploader.token())
                .header("X-Forwarded-For", api.clientIp())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Upload(response.statusCode(), ChatStompClient.JSON.readTree(response.body()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<byte[]> download(Pair pair, String attachmentId, Person who) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + CONVERSATIONS + "/"
                        + pair.conversationId() + "/attachments/" + attachmentId))
                .header("Authorization", "Bearer " + who.token()).header("X-Forwarded-For", api.clientIp()).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void imagesAndPdfsAreRecognisedByTheirContent() {
        Pair pair = pair();
        Map<String, byte[]> files = Map.of("image/png", PNG, "image/jpeg", JPEG, "image/gif", GIF, "image/webp", WEBP,
                "application/pdf", PDF);
        files.forEach((type, content) -> {
            Upload uploaded = upload(pair.conversationId(), pair.patient(), "file", "application/octet-stream", content);
            assertThat(uploaded.status()).as(uploaded.body().toString()).isEqualTo(201);
            assertThat(uploaded.body().path("contentType").asString()).isEqualTo(type);
            assertThat(uploaded.body().path("size").asLong()).isEqualTo(content.length);
        });

        Upload disguised = upload(pair.conversationId(), pair.patient(), "photo.png", "image/png",
                "#!/bin/sh\necho not a picture".getBytes(StandardCharsets.UTF_8));
        Upload named = upload(pair.conversationId(), pair.patient(), "C:\\scans\\lab-result", "image/png", PDF);

        assertThat(disguised.status()).isEqualTo(415);
        assertThat(disguised.problem()).isEqualTo("unsupported-attachment-type");
        assertThat(named.body().path("contentType").asString()).as("the content wins over the declared type")
                .isEqualTo("application/pdf");
        assertThat(named.body().path("name").asString()).isEqualTo("lab-result.pdf");
    }

    @Test
    void aFileNeverSentIsPurgedOnceOlderThanItsAgeWhileSentAndRecentOnesStay() {
        Pair pair = pair();
        String sent = upload(pair.conversationId(), pair.patient(), "sent.png", "image/png", PNG).body().path("id").asString();
        String forgotten = upload(pair.conversationId(), pair.patient(), "forgotten.pdf", "application/pdf", PDF).body()
                .path("id").asString();
        String recent = upload(pair.conversationId(), pair.patient(), "recent.png", "image/png", PNG).body().path("id")
                .asString();
        Api.Response message = api.post(pair.messages(), Map.of("clientMessageId", "keeps-its-file", "body", "scan",
                "attachmentIds", List.of(sent)), pair.patient().token());
        assertThat(message.status()).as(message.toString()).isEqualTo(200);
        // the age is 24 hours: one file a second past it, one a second inside it, the sent one long past it
        uploadedAgo(forgotten, Duration.ofHours(24).plusSeconds(1));
        uploadedAgo(recent, Duration.ofHours(24).minusSeconds(1));
        uploadedAgo(sent, Duration.ofDays(30));

        Map<String, Integer> purged = retention.run();

        assertThat(purged.get("unsent-chat-files")).as("the forgotten file is counted").isPositive();
        assertThat(jdbc.sql("SELECT id FROM chat_attachments WHERE conversation_id = :c").param("c", pair.conversationId())
                .query(UUID.class).list()).extracting(UUID::toString).containsExactlyInAnyOrder(sent, recent);
        assertThat(jdbc.sql("SELECT count(*) FROM chat_attachment_contents WHERE attachment_id = :id")
                .param("id", UUID.fromString(forgotten)).query(Integer.class).single()).isZero();
        assertThat(download(pair, sent, pair.doctor()).statusCode()).isEqualTo(200);
        Api.Response late = api.post(pair.messages(), Map.of("clientMessageId", "too-late", "body", "here it is",
                "attachmentIds", List.of(forgotten)), pair.patient().token());
        assertThat(late.status()).as("a purged file cannot be sent").isGreaterThanOrEqualTo(400);
    }

    private void uploadedAgo(String attachmentId, Duration ago) {
        jdbc.sql("UPDATE chat_attachments SET created_at = :at WHERE id = :id")
                .param("at", clock.instant().minus(ago).atOffset(java.time.ZoneOffset.UTC))
                .param("id", UUID.fromString(attachmentId)).update();
    }

    @Test
    void filesOver10MegabytesAreRefused() {
        Pair pair = pair();
        byte[] tooBig = Arrays.copyOf(PNG, 10 * 1024 * 1024 + 1);
        Upload justFits = upload(pair.conversationId(), pair.patient(), "fits.png", "image/png",
                Arrays.copyOf(PNG, 10 * 1024 * 1024));
        assertThat(justFits.status()).as("exactly 10 MB is allowed").isEqualTo(201);
        assertThat(justFits.body().path("size").asLong()).isEqualTo(10 * 1024 * 1024);

        Upload refused = upload(pair.conversationId(), pair.patient(), "big.png", "image/png", tooBig);
        Upload wayTooBig = upload(pair.conversationId(), pair.patient(), "huge.png", "image/png",
                Arrays.copyOf(PNG, 12 * 1024 * 1024));

        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.problem()).isEqualTo("attachment-too-large");
        assertThat(refused.body().path("detail").asString()).contains("10485760");
        assertThat(wayTooBig.status()).isEqualTo(413);
    }

    @Test
    void aSentFileReachesTheOtherParticipantAndNobodyElse() {
        Pair pair = pair();
        Upload uploaded = upload(pair.conversationId(), pair.patient(), "x-ray.png", "image/png", PNG);
        String id = uploaded.body().path("id").asString();
        JsonNode message;
        try (ChatStompClient doctor = connect(pair.doctor()).subscribe(MESSAGES)) {
            Api.Response sent = api.post(pair.messages(), Map.of("clientMessageId", "with-file", "body", "my x-ray",
                    "attachmentIds", List.of(id)), pair.patient().token());
            assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
            message = doctor.next(MESSAGES);
        }

        String reads = "/api/v1/admin/audit?action=patient-data.read&patientId=" + pair.patient().id()
                + "&actorId=" + pair.doctor().id();
        access.flush();
        long readsBefore = api.get(reads, adminToken()).body().path("totalItems").asLong();
        HttpResponse<byte[]> byDoctor = download(pair, id, pair.doctor());
        access.flush();
        assertThat(api.get(reads, adminToken()).body().path("totalItems").asLong())
                .as("the doctor's download is a read of the patient's conversation").isEqualTo(readsBefore + 1);
        HttpResponse<byte[]> byStranger = download(pair, id, patient());
        Pair otherPair = pair();
        HttpResponse<byte[]> throughAnotherConversation = download(otherPair, id, otherPair.patient());

        assertThat(message.path("attachments").get(0).path("id").asString()).isEqualTo(id);
        assertThat(message.path("attachments").get(0).path("name").asString()).isEqualTo("x-ray.png");
        assertThat(message.path("attachments").get(0).path("contentType").asString()).isEqualTo("image/png");
        assertThat(message.path("attachments").get(0).path("size").asLong()).isEqualTo(PNG.length);
        assertThat(byDoctor.statusCode()).isEqualTo(200);
        assertThat(byDoctor.body()).isEqualTo(PNG);
        assertThat(byDoctor.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(byDoctor.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment;").contains("x-ray.png");
        assertThat(byStranger.statusCode()).isEqualTo(404);
        assertThat(throughAnotherConversation.statusCode()).isEqualTo(404);
        assertThat(upload(pair.conversationId(), patient(), "x.png", "image/png", PNG).status()).isEqualTo(404);

        byte[] stored = jdbc.sql("SELECT content_enc FROM chat_attachment_contents WHERE attachment_id = :id")
                .param("id", UUID.fromString(id)).query(byte[].class).single();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("x-ray");
    }

    @Test
    void onlyTheUploadersOwnUnsentFilesOfTheConversationCanBeAttached() {
        Pair pair = pair();
        String doctorsFile = upload(pair.conversationId(), pair.doctor(), "lab.pdf", "application/pdf", PDF).body()
                .path("id").asString();
        String mine = upload(pair.conversationId(), pair.patient(), "me.jpg", "image/jpeg", JPEG).body()
                .path("id").asString();

        Api.Response foreign = api.post(pair.messages(), Map.of("clientMessageId", "steal", "body", "look",
                "attachmentIds", List.of(doctorsFile)), pair.patient().token());
        Api.Response once = api.post(pair.messages(), Map.of("clientMessageId", "mine-1", "body", "look",
                "attachmentIds", List.of(mine)), pair.patient().token());
        Api.Response twice = api.post(pair.messages(), Map.of("clientMessageId", "mine-2", "body", "again",
                "attachmentIds", List.of(mine)), pair.patient().token());

        assertThat(foreign.status()).isEqualTo(422);
        assertThat(foreign.problem()).isEqualTo("attachment-unavailable");
        assertThat(once.status()).isEqualTo(200);
        assertThat(twice.status()).isEqualTo(422);
        assertThat(history(pair, pair.doctor(), "").stream().map(m -> m.path("seq").asLong()))
                .as("a refused message takes no seq").containsExactly(1L);
    }
}
