package org.medbook.shared.web;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** A value of the wrong type is a 400 naming the field, never coerced into something else and stored. */
class JsonBindingTests extends IntegrationTest {

    @Test
    void aNumberIsNotABooleanAndTextIsNotANumber() {
        String doctor = doctorToken(createDoctor(Map.of()));

        Api.Response two = api.put("/api/v1/doctor/booking-policy",
                Map.of("freeCancellationHours", 24, "requiresApproval", 2), doctor);
        Api.Response text = api.put("/api/v1/doctor/booking-policy",
                Map.of("freeCancellationHours", "24", "requiresApproval", true), doctor);
        Api.Response fraction = api.put("/api/v1/doctor/booking-policy",
                Map.of("freeCancellationHours", 1.5, "requiresApproval", true), doctor);

        assertThat(two.status()).as(two.toString()).isEqualTo(400);
        assertThat(fields(two)).containsExactly("requiresApproval");
        assertThat(messages(two)).containsExactly("must be true or false");
        assertThat(text.status()).as(text.toString()).isEqualTo(400);
        assertThat(fields(text)).containsExactly("freeCancellationHours");
        assertThat(fraction.status()).as(fraction.toString()).isEqualTo(400);
        assertThat(api.get("/api/v1/doctor/booking-policy", doctor).body().path("requiresApproval").asBoolean()).isFalse();
    }

    @Test
    void aNumberIsNeitherANameNorADate() {
        String patient = patientToken(uniqueEmail("typed"));
        String doctor = doctorToken(createDoctor(Map.of()));

        Api.Response name = api.patch("/api/v1/me", Map.of("name", 123), patient);
        Api.Response birthday = api.patch("/api/v1/me", Map.of("dateOfBirth", 0), patient);
        Api.Response timeOff = api.post("/api/v1/doctor/time-off", Map.of("start", 0, "end", "2030-01-02T00:00:00Z"), doctor);
        Api.Response quoted = api.post("/api/v1/doctor/time-off", Map.of("start", "1000", "end", "2030-01-02T00:00:00Z"), doctor);
        Api.Response enumIndex = api.post("/api/v1/auth/otp", Map.of("channel", 0, "destination", uniqueEmail("x")));

        assertThat(name.status()).as(name.toString()).isEqualTo(400);
        assertThat(fields(name)).containsExactly("name");
        assertThat(birthday.status()).as(birthday.toString()).isEqualTo(400);
        assertThat(fields(birthday)).containsExactly("dateOfBirth");
        assertThat(timeOff.status()).as(timeOff.toString()).isEqualTo(400);
        assertThat(fields(timeOff)).containsExactly("start");
        assertThat(quoted.status()).as(quoted.toString()).isEqualTo(400);
        assertThat(fields(quoted)).containsExactly("start");
        assertThat(enumIndex.status()).as(enumIndex.toString()).isEqualTo(400);
        assertThat(fields(enumIndex)).containsExactly("channel");
        assertThat(api.get("/api/v1/me", patient).text("name")).isNotEqualTo("123");
    }

    private static List<String> fields(Api.Response response) {
        return response.body().path("errors").findValuesAsString("field");
    }

    private static List<String> messages(Api.Response response) {
        return response.body().path("errors").findValuesAsString("message");
    }
}
