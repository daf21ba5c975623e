package org.medbook.audit.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medbook.audit.PatientDataAccess;
import org.medbook.payments.api.PaymentsTestSupport;
import org.medbook.support.Api;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every back-office and doctor route that shows a patient's data leaves one access record naming
 * that patient, the kind of data and the reader; the patient reading their own data leaves none.
 * Records are written in batches, so each check flushes the recorder first instead of waiting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatientDataAccessTests extends PaymentsTestSupport {

    /** Who reads what: {placeholders} are filled in from the scene built below. */
    private static final String ROUTES = """
            reader       role    kind          route
            admin        ADMIN   PROFILE       /api/v1/admin/users/{patient}
            users-helper HELPER  PROFILE       /api/v1/admin/users?q={email}
            admin        ADMIN   BOOKING       /api/v1/admin/bookings/{booking}
            admin        ADMIN   BOOKING       /api/v1/admin/bookings?patientId={patient}
            admin        ADMIN   BOOKING       /api/v1/bookings/{booking}
            doctor       DOCTOR  BOOKING       /api/v1/bookings/{booking}
            doctor       DOCTOR  BOOKING       /api/v1/doctor/bookings?date={day}&range=week
            money-helper HELPER  PAYMENT       /api/v1/admin/payments?patientId={patient}
            money-helper HELPER  PAYMENT       /api/v1/admin/payments?view=all&method=STRIPE&patientId={patient}
            money-helper HELPER  PAYMENT       /api/v1/admin/payments/totals?patientId={patient}
            admin        ADMIN   PAYMENT       /api/v1/admin/payments/totals?view=all&patientId={patient}
            money-helper HELPER  DISPUTE       /api/v1/admin/disputes?status=needs_response&size=100
            admin        ADMIN   DISPUTE       /api/v1/admin/disputes/{dispute}
            doctor       DOCTOR  CONVERSATION  /api/v1/conversations
            doctor       DOCTOR  CONVERSATION  /api/v1/conversations/{conversation}
            doctor       DOCTOR  CONVERSATION  /api/v1/conversations/{conversation}/messages
            doctor       DOCTOR  CONVERSATION  /api/v1/conversations/{conversation}/attachments/{attachment}
            users-helper HELPER  CONVERSATION  /api/v1/admin/chat/users/{patient}/activity
            review-helper HELPER REVIEW        /api/v1/admin/reviews?doctorId={doctor}
            admin        ADMIN   REVIEW        /api/v1/admin/reviews?reported=false&size=100&doctorId={doctor}
            notice-helper HELPER NOTIFICATION  /api/v1/admin/notifications?recipientId={patient}
            """;

    private static final String AUDIT = "/api/v1/admin/audit";
    private static final long VIDEO_FEE = 4500;

    @Autowired
    private PatientDataAccess access;

    private final Map<String, String> tokens = new java.util.HashMap<>();
    private final Map<String, String> ids = new java.util.HashMap<>();
    private final Map<String, String> scene = new java.util.HashMap<>();
    private String patientToken;
    /** How far the scene moved the clock (past the reviewed visit). */
    private Duration movedBy = Duration.ZERO;

    @BeforeAll
    void aPatientWithABookingAPaymentADisputeAndAConversation() {
        api = new Api(port, newClientIp());
        NewDoctor doctor = bookableDoctor();
        String email = uniqueEmail("audited-patient");
        patientToken = patientToken(email);
        scene.put("doctor", doctor.id());
        reviewOfACompletedVisit(doctor, email);
        // the clock moved past the visit: the patient signed in again there, the doctor does now
        String doctorToken = staffLogin(doctor.email(), doctor.temporaryPassword());
        DisputedBooking disputed = disputedStripeBooking(patientToken, doctor.id(), VIDEO_FEE, Duration.ofDays(1));
        Api.Response booking = api.get("/api/v1/bookings/" + disputed.bookingId(), patientToken);
        Api.Response conversation = api.post("/api/v1/conversations", Map.of("doctorId", doctor.id()), patientToken);
        assertThat(conversation.status()).as(conversation.toString()).isIn(200, 201);
        Api.Response sent = api.post("/api/v1/conversations/" + conversation.text("id") + "/messages",
                Map.of("clientMessageId", "m1", "body", "My knee still hurts"), patientToken);
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);

        scene.put("patient", api.get("/api/v1/me", patientToken).text("id"));
        scene.put("email", email);
        scene.put("booking", disputed.bookingId());
        scene.put("dispute", disputed.disputeId());
        scene.put("conversation", conversation.text("id"));
        scene.put("attachment", uploadAsPatient(conversation.text("id")));
        ZoneId zone = ZoneId.of(booking.text("zone"));
        scene.put("day", LocalDate.ofInstant(OffsetDateTime.parse(booking.text("start")).toInstant(), zone).toString());

        tokens.put("admin", adminToken());
        tokens.put("doctor", doctorToken);
        tokens.put("users-helper", helperToken(List.of("users:read")));
        tokens.put("money-helper", helperToken(List.of("payments:read")));
        tokens.put("review-helper", helperToken(List.of("reviews:moderate")));
        tokens.put("notice-helper", helperToken(List.of("notifications:manage")));
        // the patient's booking notices have gone out by e-mail, so the back office has deliveries to list
        String deliveries = "/api/v1/admin/notifications?recipientId=" + scene.get("patient");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                api.get(deliveries, tokens.get("notice-helper")).body().path("totalItems").asLong() > 0);
        tokens.forEach((reader, token) -> ids.put(reader, api.get("/api/v1/me", token).text("id")));
        // every test resets the clock when it ends: each one starts again where the scene left it
        movedBy = Duration.between(Instant.now(), clock.instant());
        clock.reset();
    }

    @BeforeEach
    void atTheScenesTime() {
        clock.advance(movedBy);
    }

    Stream<Arguments> routes() {
        List<Arguments> cases = new ArrayList<>();
        ROUTES.lines().skip(1).filter(line -> !line.isBlank()).forEach(line -> {
            String[] cells = line.strip().split("\\s+");
            cases.add(Arguments.of(cells[3], cells[0], cells[1], cells[2]));
        });
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} GET {0} -> {3}")
    @MethodSource("routes")
    void eachReadOfThePatientsDataBySomeoneElseIsRecordedOnce(String route, String reader, String role, String kind) {
        String path = fill(route);
        String patient = scene.get("patient");
        String reads = AUDIT + "?action=patient-data.read&patientId=" + patient + "&actorId=" + ids.get(reader);
        long before = total(reads);
        Instant start = clock.instant();

        Api.Response response = api.get(path, tokens.get(reader));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        access.flush();

        JsonNode page = api.get(reads, tokens.get("admin")).body();
        assertThat(page.path("totalItems").asLong()).as("records of %s reading %s", reader, path).isEqualTo(before + 1);
        JsonNode newest = page.path("items").get(0);
        assertThat(newest.path("patientId").asString()).isEqualTo(patient);
        assertThat(newest.path("target").asString()).isEqualTo("patient:" + patient);
        assertThat(newest.path("details").path("kind").asString()).isEqualTo(kind);
        assertThat(newest.path("details").path("role").asString()).isEqualTo(role);
        assertThat(newest.path("details").has("reason")).isFalse();
        assertThat(newest.path("ip").asString()).isEqualTo(api.clientIp());
        assertThat(Instant.parse(newest.path("occurredAt").asString())).isAfterOrEqualTo(start);
    }

    @Test
    void theReasonAReaderGivesIsKeptTrimmedAndBounded() {
        String patient = scene.get("patient");
        String reads = AUDIT + "?action=patient-data.read&patientId=" + patient + "&actorId=" + ids.get("admin");
        Api.Response response = api.send("GET", "/api/v1/admin/users/" + patient, null, tokens.get("admin"),
                Map.of(PatientDataAccess.REASON_HEADER, "  Ticket 4711: patient asked to fix their e-mail " + "x".repeat(300)));
        assertThat(response.status()).isEqualTo(200);
        access.flush();

        String reason = api.get(reads, tokens.get("admin")).body().path("items").get(0).path("details").path("reason")
                .asString();
        assertThat(reason).startsWith("Ticket 4711: patient asked to fix their e-mail xxx").hasSize(200);
    }

    @Test
    void thePatientReadingTheirOwnDataLeavesNoRecord() {
        String patient = scene.get("patient");
        String everything = AUDIT + "?patientId=" + patient;
        long before = total(everything);

        for (String path : List.of("/api/v1/me", "/api/v1/bookings/{booking}", "/api/v1/bookings?when=upcoming",
                "/api/v1/payments", "/api/v1/conversations", "/api/v1/conversations/{conversation}",
                "/api/v1/conversations/{conversation}/messages",
                "/api/v1/conversations/{conversation}/attachments/{attachment}", "/api/v1/me/access-log")) {
            Api.Response response = api.get(fill(path), patientToken);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
        }
        access.flush();

        assertThat(total(everything)).isEqualTo(before);
    }

    @Test
    void theAdminTrailFiltersByPatientAndByActor() {
        String patient = scene.get("patient");
        String doctor = ids.get("doctor");
        String admin = tokens.get("admin");
        api.get(fill("/api/v1/bookings/{booking}"), tokens.get("doctor"));
        api.get(fill("/api/v1/admin/bookings/{booking}"), admin);
        access.flush();

        JsonNode ofPatient = api.get(AUDIT + "?size=100&patientId=" + patient, admin).body();
        assertThat(ofPatient.path("items").findValuesAsString("patientId")).isNotEmpty().allMatch(patient::equals);
        assertThat(ofPatient.path("items").findValuesAsString("actorId")).contains(doctor, ids.get("admin"));

        JsonNode ofDoctor = api.get(AUDIT + "?size=100&patientId=" + patient + "&actorId=" + doctor, admin).body();
        assertThat(ofDoctor.path("items").findValuesAsString("actorId")).isNotEmpty().allMatch(doctor::equals);
        assertThat(ofDoctor.path("totalItems").asLong()).isLessThan(ofPatient.path("totalItems").asLong());

        String stranger = api.get("/api/v1/me", patientToken(uniqueEmail("unread-patient"))).text("id");
        assertThat(api.get(AUDIT + "?patientId=" + stranger, admin).body().path("totalItems").asLong()).isZero();
        assertThat(api.get(AUDIT + "?patientId=not-an-id", admin).status()).isEqualTo(400);
        assertThat(api.get(AUDIT + "?patientId=" + patient, tokens.get("users-helper")).status()).isEqualTo(403);
    }

    @Test
    void thePatientSeesWhoReadTheirDataNewestFirstWithDoctorsNamedAndStaffByRoleOnly() {
        String patient = scene.get("patient");
        api.get(fill("/api/v1/admin/users/{patient}"), tokens.get("users-helper"));
        api.get(fill("/api/v1/admin/disputes/{dispute}"), tokens.get("admin"));
        api.get(fill("/api/v1/conversations/{conversation}/messages"), tokens.get("doctor"));
        access.flush();

        Api.Response log = api.get("/api/v1/me/access-log?size=3", patientToken);
        assertThat(log.status()).as(log.toString()).isEqualTo(200);
        JsonNode items = log.body().path("items");
        assertThat(items.findValuesAsString("role")).containsExactly("DOCTOR", "ADMIN", "HELPER");
        assertThat(items.findValuesAsString("kind")).containsExactly("CONVERSATION", "DISPUTE", "PROFILE");
        assertThat(items.get(0).path("name").asString()).isEqualTo("Dr. Anna Müller");
        assertThat(items.get(1).path("name").isNull()).isTrue();
        assertThat(items.get(2).path("name").isNull()).isTrue();
        assertThat(log.raw()).doesNotContain(ids.get("admin")).doesNotContain(ids.get("users-helper"))
                .doesNotContain("Staff HELPER").doesNotContain("Staff ADMIN");
        long total = log.body().path("totalItems").asLong();
        assertThat(total).isEqualTo(total(AUDIT + "?action=patient-data.read&patientId=" + patient));

        List<Instant> seen = new ArrayList<>();
        for (int page = 0; page * 100 < total; page++) {
            api.get("/api/v1/me/access-log?size=100&page=" + page, patientToken).body().path("items")
                    .forEach(entry -> seen.add(Instant.parse(entry.path("occurredAt").asString())));
        }
        assertThat(seen).hasSize((int) total).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void onlyThePatientThemselvesReadsTheirAccessLog() {
        api.get(fill("/api/v1/admin/users/{patient}"), tokens.get("admin"));
        access.flush();

        Api.Response other = api.get("/api/v1/me/access-log", patientToken(uniqueEmail("other-patient")));
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.body().path("totalItems").asLong()).isZero();
        assertThat(other.body().path("items").size()).isZero();
        for (String staff : List.of("admin", "doctor", "users-helper")) {
            Api.Response refused = api.get("/api/v1/me/access-log", tokens.get(staff));
            assertThat(refused.status()).as(staff).isEqualTo(403);
            assertThat(refused.problem()).isEqualTo("forbidden");
        }
        assertThat(api.get("/api/v1/me/access-log", null).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/me/access-log?size=101", patientToken).status()).isEqualTo(400);
    }

    /**
     * A visit yesterday (by the test clock, which moves a day on for it) that the doctor completed and the
     * patient reviewed, so the back office's moderation list shows the patient's review.
     */
    private void reviewOfACompletedVisit(NewDoctor doctor, String email) {
        String slot = freeSlots(doctor.id(), "IN_PERSON", 3).getFirst();
        Api.Response booked = book(patientToken, doctor.id(), slot, "IN_PERSON", "CASH", java.util.UUID.randomUUID().toString());
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        String visit = booked.text("id");
        clock.advance(Duration.between(clock.instant(), OffsetDateTime.parse(slot).toInstant().plus(Duration.ofMinutes(45))));
        patientToken = patientToken(email);
        String doctorToken = staffLogin(doctor.email(), doctor.temporaryPassword());
        Api.Response completed = api.post("/api/v1/doctor/bookings/" + visit + "/complete", null, doctorToken);
        assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
        Api.Response reviewed = api.post("/api/v1/bookings/" + visit + "/review",
                Map.of("rating", 4, "text", "Listened carefully"), patientToken);
        assertThat(reviewed.status()).as(reviewed.toString()).isEqualTo(201);
    }

    /** A lab result the patient shares in the conversation (multipart, as a browser sends it). */
    private String uploadAsPatient(String conversationId) {
        String boundary = "----medbook" + java.util.UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"lab.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n%PDF-1.7 lab result: cholesterol 190\r\n--" + boundary + "--\r\n";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/conversations/"
                        + conversationId + "/attachments"))
                .header("Authorization", "Bearer " + patientToken).header("X-Forwarded-For", api.clientIp())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.ISO_8859_1)).build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            return response.body().replaceAll("(?s).*\"id\":\"([0-9a-f-]{36})\".*", "$1");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String fill(String route) {
        String path = route;
        for (Map.Entry<String, String> entry : scene.entrySet()) {
            path = path.replace("{" + entry.getKey() + "}", entry.getValue());
        }
        return path;
    }

    private long total(String query) {
        Api.Response response = api.get(query, tokens.get("admin"));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.body().path("totalItems").asLong();
    }
}
