package org.medbook.identity.api;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.medbook.notifications.api.NotificationTestSupport;
import org.medbook.support.Api;
import org.medbook.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the export and erasure tests share: patients with a name of their own, a cash booking, a
 * conversation with a message and a PDF, and the export's ZIP opened into its entries.
 */
abstract class PrivacyTestSupport extends NotificationTestSupport {

    static final String EXPORTS = "/api/v1/me/export";
    static final byte[] PDF = "%PDF-1.7 lab result: ferritin 42".getBytes(StandardCharsets.ISO_8859_1);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static NewDoctor sharedDoctor;

    synchronized NewDoctor doctor() {
        if (sharedDoctor == null) {
            sharedDoctor = bookableDoctor();
        }
        return sharedDoctor;
    }

    /** A signed-in patient whose profile carries a name nobody else has. */
    record Person(UUID id, String email, String name, Patient patient) {

        String token() {
            return patient.token;
        }
    }

    Person namedPatient(String what) {
        Patient patient = newPatient(what);
        String name = "Ada O'Brien & " + what + " " + Long.toHexString(ThreadLocalRandom.current().nextLong());
        Api.Response named = api.patch("/api/v1/me", Map.of("name", name), patient.token);
        assertThat(named.status()).as(named.toString()).isEqualTo(200);
        return new Person(UUID.fromString(patient.id()), patient.email, name, patient);
    }

    /** A confirmed in-person booking paid in cash, at a free slot some days ahead. */
    String cashBooking(Person person) {
        List<String> slots = freeSlots(doctor().id(), "IN_PERSON", 30);
        for (int attempt = 0; attempt < 20; attempt++) {
            String slot = slots.get(ThreadLocalRandom.current().nextInt(slots.size()));
            Api.Response booked = book(person.patient(), doctor().id(), slot, "IN_PERSON", "CASH");
            if (booked.status() == 201) {
                return booked.text("id");
            }
        }
        throw new AssertionError("no free slot for a cash booking");
    }

    /** A free VIDEO slot (the bookable doctor works by video in the afternoons). */
    String videoSlot() {
        List<String> slots = freeSlots(doctor().id(), "VIDEO", 30);
        return slots.get(ThreadLocalRandom.current().nextInt(slots.size()));
    }

    /** Opens the patient's conversation with the doctor and sends a message with a PDF; returns the conversation id. */
    String chatWithPdf(Person person, String text) {
        return chatWithPdf(person, text, "lab-result.pdf");
    }

    String chatWithPdf(Person person, String text, String filename) {
        Api.Response opened = api.post("/api/v1/conversations", Map.of("doctorId", doctor().id()), person.token());
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        String conversation = opened.text("id");
        String attachment = upload(conversation, person.token(), filename, PDF);
        Api.Response sent = api.post("/api/v1/conversations/" + conversation + "/messages",
                Map.of("clientMessageId", UUID.randomUUID().toString(), "body", text, "attachmentIds", List.of(attachment)),
                person.token());
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        return conversation;
    }

    private String upload(String conversationId, String token, String filename, byte[] content) {
        String boundary = "----medbook" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/conversations/"
                        + conversationId + "/attachments"))
                .header("Authorization", "Bearer " + token).header("X-Forwarded-For", api.clientIp())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String json = response.body();
        int at = json.indexOf("\"id\":\"") + 6;
        return json.substring(at, json.indexOf('"', at));
    }

    String requestExport(String token) {
        Api.Response requested = api.post(EXPORTS, null, token);
        assertThat(requested.status()).as(requested.toString()).isEqualTo(202);
        assertThat(requested.text("status")).isEqualTo("PENDING");
        assertThat(requested.header("Location")).isEqualTo(EXPORTS + "/" + requested.text("id"));
        return requested.text("id");
    }

    /** GET of an export, raw: a JSON status, a ZIP or a problem. */
    HttpResponse<byte[]> fetchExport(String exportId, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + EXPORTS + "/" + exportId))
                .header("X-Forwarded-For", api.clientIp()).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Waits until the export is built and returns its ZIP's entries by name. */
    Map<String, byte[]> awaitZip(String exportId, String token) {
        AtomicReference<HttpResponse<byte[]>> ready = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            HttpResponse<byte[]> response = fetchExport(exportId, token);
            assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            ready.set(response);
            return response.headers().firstValue("Content-Type").orElse("").startsWith("application/zip");
        });
        assertThat(ready.get().headers().firstValue("Content-Disposition").orElse(""))
                .contains("attachment").contains(".zip");
        return unzip(ready.get().body());
    }

    static Map<String, byte[]> unzip(byte[] zip) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return entries;
    }

    static String text(Map<String, byte[]> entries, String name) {
        assertThat(entries).as("entries of the export").containsKey(name);
        return new String(entries.get(name), StandardCharsets.UTF_8);
    }

    private static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return HTTP.send(request, handler);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What a failure shows: which notifications still name the person, for whom and when. */
    static List<String> notificationsNaming(String name) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection connection = TestDatabase.connect(); PreparedStatement query = connection.prepareStatement(
                "SELECT kind, recipient_id, created_at, data::text FROM notifications WHERE strpos(body, ?) > 0 "
                        + "OR strpos(data::text, ?) > 0")) {
            query.setString(1, name);
            query.setString(2, name);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1) + " to " + rows.getString(2) + " at " + rows.getString(3) + " "
                            + rows.getString(4));
                }
            }
        }
        return found;
    }

    /**
     * Every text-like column of every table (so a table added later is scanned too) that holds one of the
     * strings, as {@code table.column}.
     */
    static List<String> columnsHolding(List<String> needles) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection connection = TestDatabase.connect()) {
            List<String[]> columns = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("""
                    SELECT c.table_name, c.column_name FROM information_schema.columns c
                    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                    WHERE c.table_schema = ? AND t.table_type = 'BASE TABLE'
                      AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')
                    ORDER BY 1, 2
                    """)) {
                query.setString(1, TestDatabase.SCHEMA);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        columns.add(new String[] {rows.getString(1), rows.getString(2)});
                    }
                }
            }
            for (String[] column : columns) {
                for (String needle : needles) {
                    String sql = "SELECT count(*) FROM " + TestDatabase.SCHEMA + ".\"" + column[0] + "\" WHERE strpos(\""
                            + column[1] + "\"::text, ?) > 0";
                    try (PreparedStatement query = connection.prepareStatement(sql)) {
                        query.setString(1, needle);
                        try (ResultSet rows = query.executeQuery()) {
                            rows.next();
                            if (rows.getLong(1) > 0) {
                                found.add(column[0] + "." + column[1]);
                            }
                        }
                    }
                }
            }
        }
        return found;
    }
}
