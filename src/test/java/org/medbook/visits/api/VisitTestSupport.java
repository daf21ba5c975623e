package org.medbook.visits.api;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.medbook.booking.api.BookingTestSupport;
import org.medbook.shared.realtime.StompTestClient;
import org.medbook.support.Api;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** A confirmed VIDEO booking of a fresh doctor and patient, and STOMP sockets to take part in its visit. */
public abstract class VisitTestSupport extends BookingTestSupport {

    protected static final String VISITS = "/user/queue/visits";
    protected static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * The two people of one booking; their tokens are issued (again) whenever the test moves the clock
     * with {@link #at}, which is also what signs the doctor in.
     */
    protected final class VideoBooking {

        public final NewDoctor doctor;
        public final Patient patient;
        public final String id;
        public final Instant start;
        public String doctorToken;

        VideoBooking(NewDoctor doctor, Patient patient, String id, Instant start) {
            this.doctor = doctor;
            this.patient = patient;
            this.id = id;
            this.start = start;
        }

        /** Pins the clock {@code beforeStart} before the booking's start and signs both in again. */
        public VideoBooking at(Duration beforeStart) {
            clock.setTo(start.minus(beforeStart));
            patient.signIn();
            doctorToken = doctorLogin(doctor);
            return this;
        }

        public Api.Response visit(String token) {
            return api.get(BOOKINGS + "/" + id + "/visit", token);
        }

        public String destination(String action) {
            return "/app/visits/" + id + "/" + action;
        }
    }

    /** A cash VIDEO booking (confirmed at once) two days ahead, at 15:00 in Berlin. */
    protected VideoBooking videoBooking() {
        NewDoctor doctor = bookableDoctor();
        Patient patient = newPatient("visit");
        String start = at(berlinDay(2), 15, 0);
        String id = booked(patient, doctor.id(), start, "VIDEO", "CASH");
        assertThat(bookingOk(patient.token, id).text("status")).isEqualTo("CONFIRMED");
        return new VideoBooking(doctor, patient, id, instant(start));
    }

    /** A socket of the user, subscribed to its visit queue. */
    protected StompTestClient.Connection socket(String token) {
        StompTestClient.Connection connection = StompTestClient.connect(port, token);
        connection.subscribe(VISITS);
        return connection;
    }

    /** The next visit message of a type on the socket, skipping others (e.g. a joined reply). */
    protected static JsonNode nextOfType(StompTestClient.Connection socket, String type) {
        Instant deadline = Instant.now().plus(StompTestClient.WAIT);
        while (Instant.now().isBefore(deadline)) {
            StompTestClient.Received received = socket.poll(VISITS, Duration.ofMillis(500));
            if (received != null) {
                JsonNode message = JSON.readTree(received.body());
                if (type.equals(message.path("type").asString())) {
                    return message;
                }
            }
        }
        throw new AssertionError("No visit message of type " + type + " arrived");
    }

    /** Nothing at all arrives on the socket's visit queue for a while. */
    protected static void nothingArrives(StompTestClient.Connection socket) {
        StompTestClient.Received received = socket.poll(VISITS, Duration.ofSeconds(1));
        assertThat(received).as("nothing may arrive, but got %s", received == null ? null : received.body()).isNull();
    }

    protected static String userIdOf(String token) {
        String payload = token.split("\\.")[1];
        JsonNode claims = JSON.readTree(java.util.Base64.getUrlDecoder().decode(payload));
        return UUID.fromString(claims.path("sub").asString()).toString();
    }
}
