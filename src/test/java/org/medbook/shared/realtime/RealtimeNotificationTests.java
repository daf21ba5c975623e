package org.medbook.shared.realtime;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** A notification the platform creates arrives on the recipient's open socket, as the inbox lists it. */
class RealtimeNotificationTests extends RealtimeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aDoctorSeesTheirVerificationArriveLive() {
        Person doctor = newDoctor();
        try (StompTestClient.Connection connection = StompTestClient.connect(port, doctor.token())) {
            connection.subscribe(NOTIFICATIONS);

            Api.Response verified = api.post("/api/v1/admin/doctors/" + doctor.id() + "/verification",
                    Map.of("decision", "VERIFIED"), adminToken());
            assertThat(verified.status()).as(verified.toString()).isEqualTo(200);

            JsonNode pushed = JSON.readTree(connection.next(NOTIFICATIONS).body());
            assertThat(pushed.path("kind").asString()).isEqualTo("DOCTOR_VERIFIED");
            assertThat(pushed.path("title").asString()).isEqualTo("Your profile is verified");

            Api.Response inbox = api.get("/api/v1/notifications", doctor.token());
            assertThat(inbox.status()).as(inbox.toString()).isEqualTo(200);
            assertThat(inbox.body().toString()).contains(pushed.path("id").asString());
        }
    }
}
