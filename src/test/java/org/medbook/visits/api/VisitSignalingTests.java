package org.medbook.visits.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.medbook.audit.PatientDataAccess;
import org.medbook.shared.realtime.StompTestClient;
import org.medbook.support.Api;
import org.medbook.support.LocalTurn;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The visit of a VIDEO booking end to end over HTTP and a real STOMP socket: the window, the TURN
 * credentials, the waiting room, signals between the two people only, ending, attendance and audit.
 */
class VisitSignalingTests extends VisitTestSupport {

    @Autowired
    private PatientDataAccess patientAccess;

    private static final String OFFER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

    @Test
    void theVisitIsShownToItsTwoPeopleOnlyAndHandsOutIceServersOnlyWhileOpen() throws Exception {
        VideoBooking booking = videoBooking().at(Duration.ofMinutes(30));

        Api.Response early = booking.visit(booking.patient.token);
        assertThat(early.status()).as(early.toString()).isEqualTo(200);
        assertThat(early.text("state")).isEqualTo("NOT_YET_OPEN");
        assertThat(early.text("opensAt")).isEqualTo(booking.start.minus(Duration.ofMinutes(10)).toString());
        assertThat(early.text("closesAt")).isEqualTo(booking.start.plus(Duration.ofMinutes(60)).toString());
        assertThat(early.text("joinUrl")).endsWith("/visit/" + booking.id);
        assertThat(early.text("signalDestination")).isEqualTo("/app/visits/" + booking.id + "/signal");
        assertThat(early.body().path("iceServers").size()).isZero();

        Api.Response stranger = booking.visit(newPatient("stranger").token);
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(stranger.problem()).isEqualTo("not-found");
        assertThat(api.get(BOOKINGS + "/" + booking.id + "/visit", null).status()).isEqualTo(401);

        booking.at(Duration.ofMinutes(5));
        Api.Response open = booking.visit(booking.patient.token);
        assertThat(open.text("state")).isEqualTo("OPEN");
        assertThat(open.text("role")).isEqualTo("PATIENT");
        JsonNode servers = open.body().path("iceServers");
        assertThat(servers.size()).isEqualTo(2);
        assertThat(servers.get(0).path("urls").get(0).asString()).isEqualTo("stun:127.0.0.1:" + LocalTurn.PORT);
        assertThat(servers.get(0).has("credential") && !servers.get(0).path("credential").isNull()).isFalse();
        JsonNode turn = servers.get(1);
        assertThat(turn.path("urls").get(0).asString()).isEqualTo("turn:127.0.0.1:" + LocalTurn.PORT + "?transport=udp");
        long closes = Instant.parse(open.text("closesAt")).getEpochSecond();
        String username = turn.path("username").asString();
        assertThat(username).isEqualTo(closes + ":" + booking.patient.id());
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(LocalTurn.SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA1"));
        assertThat(turn.path("credential").asString())
                .isEqualTo(Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(java.nio.charset.StandardCharsets.UTF_8))));

        Api.Response doctorView = booking.visit(booking.doctorToken);
        assertThat(doctorView.text("role")).isEqualTo("DOCTOR");
        assertThat(doctorView.body().path("iceServers").get(1).path("username").asString()).endsWith(":" + booking.doctor.id());

        clock.setTo(booking.start.plus(Duration.ofMinutes(61)));
        booking.patient.signIn();
        Api.Response late = booking.visit(booking.patient.token);
        assertThat(late.text("state")).isEqualTo("CLOSED");
        assertThat(late.body().path("iceServers").size()).isZero();
    }

    @Test
    void joiningOutsideTheWindowIsRefusedWithWhenItOpens() {
        VideoBooking booking = videoBooking().at(Duration.ofMinutes(30));
        try (StompTestClient.Connection patient = socket(booking.patient.token)) {
            patient.send(booking.destination("join"), "");
            JsonNode refused = nextOfType(patient, "error");
            assertThat(refused.path("problem").asString()).isEqualTo("visit-not-open");
            assertThat(refused.path("detail").asString()).contains(booking.start.minus(Duration.ofMinutes(10)).toString());
            assertThat(refused.path("bookingId").asString()).isEqualTo(booking.id);
        }
    }

    @Test
    void thePatientWaitsTheDoctorAdmitsThemSignalsFlowBetweenTheTwoOnlyAndTheDoctorEndsTheVisit() {
        VideoBooking booking = videoBooking().at(Duration.ofMinutes(5));
        Api.Response strangerSession = signInPatient(uniqueEmail("third"));
        try (StompTestClient.Connection doctor = socket(booking.doctorToken);
             StompTestClient.Connection patient = socket(booking.patient.token);
             StompTestClient.Connection third = socket(strangerSession.text("accessToken"))) {
            patient.send(booking.destination("join"), "");
            JsonNode joined = nextOfType(patient, "joined");
            assertThat(joined.path("state").asString()).isEqualTo("PATIENT_WAITING");
            assertThat(nextOfType(doctor, "patient-waiting").path("bookingId").asString()).isEqualTo(booking.id);

            Api.Response today = api.get("/api/v1/doctor/visits/today", booking.doctorToken);
            assertThat(today.status()).as(today.toString()).isEqualTo(200);
            JsonNode mine = today.body().get(0);
            assertThat(mine.path("bookingId").asString()).isEqualTo(booking.id);
            assertThat(mine.path("patientWaiting").asBoolean()).isTrue();
            assertThat(api.get("/api/v1/doctor/visits/today", booking.patient.token).status()).isEqualTo(403);
            patientAccess.flush();
            JsonNode reads = api.get("/api/v1/admin/audit?action=patient-data.read&patientId=" + booking.patient.id()
                    + "&actorId=" + booking.doctor.id(), adminToken()).body();
            assertThat(reads.path("totalItems").asLong()).as("the doctor's list of today's patients is audited").isEqualTo(1);
            assertThat(reads.path("items").get(0).path("details").path("kind").asString()).isEqualTo("BOOKING");

            patient.send(booking.destination("signal"), "{\"type\":\"offer\",\"sdp\":\"" + OFFER.replace("\r\n", "\\r\\n") + "\"}");
            assertThat(nextOfType(patient, "error").path("problem").asString()).isEqualTo("not-admitted");

            patient.send(booking.destination("admit"), "");
            assertThat(nextOfType(patient, "error").path("problem").asString()).isEqualTo("forbidden");

            doctor.send(booking.destination("join"), "");
            assertThat(nextOfType(doctor, "joined").path("state").asString()).isEqualTo("PATIENT_WAITING");
            doctor.send(booking.destination("admit"), "");
            assertThat(nextOfType(patient, "admitted").path("state").asString()).isEqualTo("IN_PROGRESS");
            nextOfType(doctor, "admitted");

            doctor.send(booking.destination("signal"), "{\"type\":\"offer\",\"sdp\":\"" + OFFER.replace("\r\n", "\\r\\n")
                    + "\",\"extra\":\"dropped\"}");
            JsonNode offer = nextOfType(patient, "offer");
            assertThat(offer.path("sdp").asString()).isEqualTo(OFFER);
            assertThat(offer.path("from").asString()).isEqualTo("DOCTOR");
            assertThat(offer.has("extra")).isFalse();
            patient.send(booking.destination("signal"),
                    "{\"type\":\"candidate\",\"candidate\":{\"candidate\":\"candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}");
            JsonNode candidate = nextOfType(doctor, "candidate");
            assertThat(candidate.path("candidate").path("sdpMid").asString()).isEqualTo("0");
            assertThat(candidate.path("from").asString()).isEqualTo("PATIENT");

            third.send(booking.destination("signal"), "{\"type\":\"offer\",\"sdp\":\"v=0\"}");
            JsonNode refused = nextOfType(third, "error");
            assertThat(refused.path("problem").asString()).isEqualTo("not-found");
            third.send(booking.destination("join"), "");
            assertThat(nextOfType(third, "error").path("problem").asString()).isEqualTo("not-found");
            nothingArrives(doctor);
            nothingArrives(patient);

            patient.send(booking.destination("signal"), "{\"type\":\"hello\"}");
            assertThat(nextOfType(patient, "error").path("problem").asString()).isEqualTo("invalid-signal");

            doctor.send(booking.destination("end"), "");
            nextOfType(patient, "ended");
            nextOfType(doctor, "ended");
            patient.send(booking.destination("join"), "");
            assertThat(nextOfType(patient, "error").path("problem").asString()).isEqualTo("visit-ended");
            patient.send(booking.destination("signal"), "{\"type\":\"bye\"}");
            assertThat(nextOfType(patient, "error").path("problem").asString()).isEqualTo("visit-ended");
        }
        assertThat(booking.visit(booking.patient.token).text("state")).isEqualTo("ENDED");
    }

    @Test
    void attendanceShowsEveryStayAndOffersAVisitBothAttendedAsCompleted() {
        VideoBooking booking = videoBooking().at(Duration.ofMinutes(5));
        try (StompTestClient.Connection doctor = socket(booking.doctorToken)) {
            doctor.send(booking.destination("join"), "");
            nextOfType(doctor, "joined");
            StompTestClient.Connection patient = socket(booking.patient.token);
            patient.send(booking.destination("join"), "");
            nextOfType(patient, "joined");
            nextOfType(doctor, "patient-waiting");
            doctor.send(booking.destination("admit"), "");
            nextOfType(patient, "admitted");

            clock.advance(Duration.ofMinutes(6));
            // a closed socket (lost network, closed tab) ends the patient's stay and tells the doctor
            patient.close();
            nextOfType(doctor, "peer-left");
        }
        booking.doctorToken = doctorLogin(booking.doctor);
        booking.patient.signIn();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                api.get(BOOKINGS + "/" + booking.id + "/visit/attendance", booking.doctorToken).body().path("stays")
                        .findValues("leftAt").stream().filter(JsonNode::isNull).count()).isZero());

        Api.Response attendance = api.get(BOOKINGS + "/" + booking.id + "/visit/attendance", booking.doctorToken);
        assertThat(attendance.status()).as(attendance.toString()).isEqualTo(200);
        assertThat(attendance.body().path("stays").size()).isEqualTo(2);
        assertThat(attendance.body().path("togetherSeconds").asLong()).isGreaterThanOrEqualTo(360);
        assertThat(attendance.text("suggestedOutcome")).isEqualTo("COMPLETED");
        List<String> roles = attendance.body().path("stays").findValuesAsString("role");
        assertThat(roles).containsExactlyInAnyOrder("DOCTOR", "PATIENT");

        Api.Response patientAsks = api.get(BOOKINGS + "/" + booking.id + "/visit/attendance", booking.patient.token);
        assertThat(patientAsks.status()).isEqualTo(403);
        assertThat(api.get(BOOKINGS + "/" + booking.id + "/visit/attendance", newPatient("other").token).status())
                .isEqualTo(404);
        Api.Response staff = api.get(BOOKINGS + "/" + booking.id + "/visit/attendance",
                helperToken(List.of("bookings:manage")));
        assertThat(staff.status()).as(staff.toString()).isEqualTo(200);

        assertThat(doctorAction(booking.doctorToken, booking.id, "complete").text("status")).isEqualTo("COMPLETED");
        assertThat(api.get(BOOKINGS + "/" + booking.id + "/visit/attendance", booking.doctorToken).text("bookingStatus"))
                .isEqualTo("COMPLETED");

        String admin = adminToken();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Api.Response audit = api.get("/api/v1/admin/audit?action=visit.joined&target=booking:" + booking.id, admin);
            assertThat(audit.body().path("items").findValuesAsString("actorId"))
                    .containsExactlyInAnyOrder(booking.doctor.id(), booking.patient.id());
            assertThat(audit.body().path("items").findValuesAsString("ip")).as("the socket's address, from its handshake")
                    .containsOnly("127.0.0.1");
        });
    }

    @Test
    void aPatientWhoNeverCameIsOfferedAsNoShowOnceTheWindowHasClosed() {
        VideoBooking booking = videoBooking().at(Duration.ofMinutes(5));
        try (StompTestClient.Connection doctor = socket(booking.doctorToken)) {
            doctor.send(booking.destination("join"), "");
            nextOfType(doctor, "joined");
        }
        clock.setTo(booking.start.plus(Duration.ofMinutes(61)));
        booking.doctorToken = doctorLogin(booking.doctor);
        Api.Response attendance = api.get(BOOKINGS + "/" + booking.id + "/visit/attendance", booking.doctorToken);
        assertThat(attendance.text("suggestedOutcome")).isEqualTo("NO_SHOW");
        assertThat(attendance.text("state")).isEqualTo("CLOSED");
    }

    @Test
    void onlyVideoBookingsHaveAVisit() {
        NewDoctor doctor = bookableDoctor();
        Patient patient = newPatient("in-person");
        String id = booked(patient, doctor.id(), at(berlinDay(2), 9, 0), "IN_PERSON", "CASH");
        Api.Response visit = api.get(BOOKINGS + "/" + id + "/visit", patient.token);
        assertThat(visit.status()).isEqualTo(404);
        assertThat(api.get(BOOKINGS + "/" + java.util.UUID.randomUUID() + "/visit", patient.token).status()).isEqualTo(404);
        assertThat(api.get(BOOKINGS + "/not-a-uuid/visit", patient.token).status()).isEqualTo(400);
    }
}
