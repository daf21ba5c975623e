package org.medbook.notifications;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medbook.support.Api;
import org.medbook.support.FcmTestAccount;
import org.medbook.support.TestDatabase;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A booking reaches the doctor's phone (FCM) and the patient's browser (Web Push) through the delivery loop. */
class PushNotificationTests extends PushTestSupport {

    private static final String SEND = "/v1/projects/" + FcmTestAccount.PROJECT_ID + "/messages:send";
    private static final WebPushReceiver RECEIVER = WebPushReceiver.start();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @BeforeEach
    void fcmStandIn() {
        PROVIDERS.stubFor(post(urlEqualTo(FcmTestAccount.TOKEN_PATH))
                .willReturn(okJson("{\"access_token\":\"ya29.e2e\",\"expires_in\":3599,\"token_type\":\"Bearer\"}")));
        PROVIDERS.stubFor(post(urlEqualTo(SEND)).willReturn(okJson("{\"name\":\"projects/medbook-test/messages/0:2\"}")));
    }

    private record Doctor(NewDoctor profile, User user) {
    }

    private Doctor bookableDoctorSignedIn() {
        NewDoctor doctor = bookableDoctor();
        String token = staffLogin(doctor.email(), doctor.temporaryPassword());
        Api.Response me = api.get("/api/v1/me", token);
        return new Doctor(doctor, new User(token, UUID.fromString(me.text("id"))));
    }

    private static List<LoggedRequest> sentTo(String fcmToken) {
        return PROVIDERS.findAll(postRequestedFor(urlEqualTo(SEND))
                .withRequestBody(matchingJsonPath("$.message.token", equalTo(fcmToken))));
    }

    private record Delivery(String status, List<String> doneTargets, int attempts) {
    }

    private static Delivery pushDelivery(UUID recipient) throws SQLException {
        try (Connection db = TestDatabase.connect();
             PreparedStatement query = db.prepareStatement("""
                     SELECT d.status, d.done_targets, d.attempts FROM notification_deliveries d
                     JOIN notifications n ON n.id = d.notification_id
                     WHERE d.recipient_id = ? AND d.channel = 'PUSH' AND n.kind = 'BOOKING_CONFIRMED'""")) {
            query.setObject(1, recipient);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Array targets = rs.getArray("done_targets");
                return new Delivery(rs.getString("status"), Arrays.asList((String[]) targets.getArray()), rs.getInt("attempts"));
            }
        }
    }

    @Test
    void aCashBookingIsPushedToTheDoctorsPhoneAndThePatientsBrowser() throws Exception {
        Doctor doctor = bookableDoctorSignedIn();
        String doctorsToken = newFcmToken();
        String doctorsPhone = registerFcm(doctor.user(), doctorsToken);
        User ann = newUser("ann");
        WebPushReceiver.Subscription annsBrowser = RECEIVER.subscribe(UUID.randomUUID().toString());
        String annsDevice = registerWebPush(ann, annsBrowser);
        String slot = freeSlots(doctor.profile().id(), "IN_PERSON", 3).get(2);

        Api.Response booked = book(ann.token(), doctor.profile().id(), slot, "IN_PERSON", "CASH", UUID.randomUUID().toString());
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        String bookingId = booked.text("id");

        await().atMost(Duration.ofSeconds(20)).until(() -> !sentTo(doctorsToken).isEmpty());
        JsonNode message = JSON.readTree(sentTo(doctorsToken).get(0).getBodyAsString()).path("message");
        assertThat(message.path("notification").path("title").asString()).isEqualTo("Booking confirmed");
        assertThat(message.path("notification").path("body").asString()).startsWith("New booking:");
        assertThat(message.path("data").path("kind").asString()).isEqualTo("BOOKING_CONFIRMED");
        assertThat(message.path("data").path("bookingId").asString()).isEqualTo(bookingId);

        await().atMost(Duration.ofSeconds(20)).until(() -> !RECEIVER.to(annsBrowser).isEmpty());
        WebPushReceiver.Received push = RECEIVER.to(annsBrowser).get(0);
        push.verifiedVapidKey("http://127.0.0.1:" + RECEIVER.port());
        JsonNode payload = JSON.readTree(push.decryptedFor(annsBrowser));
        assertThat(payload.path("title").asString()).isEqualTo("Booking confirmed");
        assertThat(payload.path("kind").asString()).isEqualTo("BOOKING_CONFIRMED");
        assertThat(payload.path("bookingId").asString()).isEqualTo(bookingId);

        await().atMost(Duration.ofSeconds(10)).until(() -> pushDelivery(doctor.user().id()) != null
                && "SENT".equals(pushDelivery(doctor.user().id()).status()));
        assertThat(pushDelivery(doctor.user().id()).doneTargets()).containsExactly(doctorsPhone);
        await().atMost(Duration.ofSeconds(10)).until(() -> pushDelivery(ann.id()) != null
                && "SENT".equals(pushDelivery(ann.id()).status()));
        assertThat(pushDelivery(ann.id()).doneTargets()).containsExactly(annsDevice);
    }

    @Test
    void aPushThatFailsOnOneDeviceIsRetriedLaterForThatDeviceOnly() throws Exception {
        Doctor doctor = bookableDoctorSignedIn();
        String steadyToken = newFcmToken();
        String steady = registerFcm(doctor.user(), steadyToken);
        String flakyToken = newFcmToken();
        String flaky = registerFcm(doctor.user(), flakyToken);
        PROVIDERS.stubFor(post(urlEqualTo(SEND)).atPriority(1).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(matchingJsonPath("$.message.token", equalTo(flakyToken)))
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"code\":503,\"status\":\"UNAVAILABLE\",\"message\":\"busy\"}}"))
                .willSetStateTo("recovered"));
        User ann = newUser("ann");
        String slot = freeSlots(doctor.profile().id(), "IN_PERSON", 3).get(3);

        Api.Response booked = book(ann.token(), doctor.profile().id(), slot, "IN_PERSON", "CASH", UUID.randomUUID().toString());
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Delivery delivery = pushDelivery(doctor.user().id());
            return delivery != null && delivery.attempts() == 1 && delivery.status().equals("PENDING");
        });
        assertThat(pushDelivery(doctor.user().id()).doneTargets()).containsExactly(steady);
        assertThat(sentTo(steadyToken)).hasSize(1);
        assertThat(sentTo(flakyToken)).hasSize(1);

        clock.advance(Duration.ofMinutes(1));

        await().atMost(Duration.ofSeconds(20)).until(() -> "SENT".equals(pushDelivery(doctor.user().id()).status()));
        assertThat(pushDelivery(doctor.user().id()).doneTargets()).containsExactlyInAnyOrder(steady, flaky);
        assertThat(sentTo(steadyToken)).as("the served phone is not pushed twice").hasSize(1);
        assertThat(sentTo(flakyToken)).hasSize(2);
    }
}
