package org.medbook.shared.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** A value of the wrong type or an impossible date is a 400 naming the field, never coerced, stored or a 500. */
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

    @Test
    void datesOutsideTheYears1900To2200AreRefusedNamingTheField() {
        String doctor = doctorToken(createDoctor(Map.of()));
        String patient = patientToken(uniqueEmail("born"));

        Api.Response fromYearMinusOne = api.post("/api/v1/doctor/time-off",
                Map.of("start", "-0001-01-01T00:00:00Z", "end", "2030-01-02T00:00:00Z"), doctor);
        Api.Response toTheEndOfTime = api.post("/api/v1/doctor/time-off",
                Map.of("start", "2030-01-01T00:00:00Z", "end", "+999999999-12-31T23:59:59Z"), doctor);
        Api.Response override = api.put("/api/v1/doctor/availability", Map.of("weeklyRules", List.of(),
                "overrides", List.of(Map.of("date", "9999-01-01"))), doctor);
        Api.Response ancient = api.patch("/api/v1/me", Map.of("dateOfBirth", "1066-10-14"), patient);
        Api.Response unborn = api.patch("/api/v1/me", Map.of("dateOfBirth", "2150-01-01"), patient);

        assertThat(fromYearMinusOne.status()).as(fromYearMinusOne.toString()).isEqualTo(400);
        assertThat(fields(fromYearMinusOne)).containsExactly("start");
        assertThat(messages(fromYearMinusOne)).containsExactly("must be a date between the years 1900 and 2200");
        assertThat(toTheEndOfTime.status()).as(toTheEndOfTime.toString()).isEqualTo(400);
        assertThat(fields(toTheEndOfTime)).containsExactly("end");
        assertThat(override.status()).as(override.toString()).isEqualTo(400);
        assertThat(fields(override)).containsExactly("overrides[0].date");
        assertThat(ancient.status()).as(ancient.toString()).isEqualTo(400);
        assertThat(fields(ancient)).containsExactly("dateOfBirth");
        assertThat(unborn.status()).as(unborn.toString()).isEqualTo(400);
        assertThat(fields(unborn)).containsExactly("dateOfBirth");
        assertThat(api.get("/api/v1/doctor/time-off", doctor).body().size()).isZero();
    }

    @Test
    void impossibleQueryValuesAre400sNamingTheParameter() {
        NewDoctor doctor = bookableDoctor();
        String doctorToken = staffLogin(doctor.email(), doctor.temporaryPassword());
        String admin = adminToken();

        Map<String, Api.Response> answers = new LinkedHashMap<>();
        answers.put("from", api.get("/api/v1/doctors/" + doctor.id() + "/slots?from=%2B999999999-12-31T00:00:00Z", null));
        answers.put("to", api.get("/api/v1/doctors/" + doctor.id() + "/slots?to=+999999999-12-31", null));
        answers.put("date", api.get("/api/v1/doctor/bookings?date=%2B999999999-12-31", doctorToken));
        answers.put("availableFrom", api.get("/api/v1/doctors?availableFrom=-999999999-01-01T00:00:00Z", null));
        answers.put("page", api.get("/api/v1/admin/users?page=99999999999", admin));
        answers.put("id", api.get("/api/v1/doctors/not-a-uuid", null));
        answers.put("status", api.get("/api/v1/admin/bookings?status=2", admin));

        answers.forEach((parameter, response) -> {
            assertThat(response.status()).as(parameter + ": " + response).isEqualTo(400);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(fields(response)).as(parameter + ": " + response).containsExactly(parameter);
        });
    }

    private static List<String> fields(Api.Response response) {
        return response.body().path("errors").findValuesAsString("field");
    }

    private static List<String> messages(Api.Response response) {
        return response.body().path("errors").findValuesAsString("message");
    }
}
