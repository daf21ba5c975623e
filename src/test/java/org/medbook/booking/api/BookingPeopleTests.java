package org.medbook.booking.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;
import org.medbook.support.RecentSpans;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Booking lists name their people for each reader: staff see the patient's and the doctor's names, the
 * doctor their patient's name, age and phone, the patient the doctor and the practice. An erased patient is
 * named nowhere, and a page costs the same few statements however many bookings it holds.
 */
class BookingPeopleTests extends IntegrationTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Autowired
    private RecentSpans spans;

    @Test
    void eachReaderSeesThePeopleOfABookingTheyMaySee() {
        // The list is read at the next 23:30 UTC, already tomorrow in Berlin (the doctor's zone), and the patient
        // turns 41 on the Berlin date: still 40 on the UTC one.
        Instant now = clock.instant();
        Instant lateEvening = now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofMinutes(23 * 60 + 30));
        Duration untilLateEvening = Duration.between(now, lateEvening.isAfter(now) ? lateEvening : lateEvening.plus(Duration.ofDays(1)));
        LocalDate birthday = LocalDate.ofInstant(now.plus(untilLateEvening), BERLIN).minusYears(41);
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail("nora"));
        String phone = provePhone(patient);
        Api.Response named = api.patch("/api/v1/me", Map.of("name", "Nora Quist", "dateOfBirth", birthday.toString()),
                patient);
        assertThat(named.status()).as(named.toString()).isEqualTo(200);
        Api.Response booked = book(patient, doctor.id(), freeSlots(doctor.id(), "IN_PERSON", 3).get(0), "IN_PERSON", "CASH",
                UUID.randomUUID().toString());
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        String id = booked.text("id");

        JsonNode staff = only(api.get("/api/v1/admin/bookings?doctorId=" + doctor.id(), adminToken()), id);
        assertThat(staff.path("patient").path("name").asString()).isEqualTo("Nora Quist");
        assertThat(staff.path("patient").has("age")).as("staff see no age or phone").isFalse();
        assertThat(staff.path("patient").has("phone")).isFalse();
        assertThat(staff.path("doctor").path("name").asString()).isEqualTo("Dr. Anna Müller");
        JsonNode detail = api.get("/api/v1/admin/bookings/" + id, adminToken()).body();
        assertThat(detail.path("patient").path("name").asString()).isEqualTo("Nora Quist");
        assertThat(detail.path("doctor").path("name").asString()).isEqualTo("Dr. Anna Müller");

        JsonNode mine = only(api.get("/api/v1/bookings?when=upcoming", patient), id);
        assertThat(mine.path("doctor").path("name").asString()).isEqualTo("Dr. Anna Müller");
        assertThat(mine.path("doctor").path("practiceName").asString()).isEqualTo("Praxis Mitte");
        assertThat(mine.path("doctor").path("practiceAddress").asString()).isEqualTo("Friedrichstr. 100, 10117 Berlin");
        assertThat(mine.has("patient")).isFalse();
        JsonNode mineAlone = api.get("/api/v1/bookings/" + id, patient).body();
        assertThat(mineAlone.path("doctor")).as("the shared detail names as the list does").isEqualTo(mine.path("doctor"));
        assertThat(mineAlone.has("patient")).isFalse();
        JsonNode staffAlone = api.get("/api/v1/bookings/" + id, adminToken()).body();
        assertThat(staffAlone.path("patient").path("name").asString()).isEqualTo("Nora Quist");
        assertThat(staffAlone.path("doctor").path("name").asString()).isEqualTo("Dr. Anna Müller");

        clock.advance(untilLateEvening);
        String doctorToken = staffLogin(doctor.email(), doctor.temporaryPassword());
        JsonNode own = only(api.get("/api/v1/doctor/bookings?range=week&date=" + booked.text("start").substring(0, 10),
                doctorToken), id);
        assertThat(own.path("patient").path("name").asString()).isEqualTo("Nora Quist");
        assertThat(own.path("patient").path("age").asInt()).isEqualTo(41);
        assertThat(own.path("patient").path("phone").asString()).isEqualTo(phone);
        assertThat(own.has("doctor")).isFalse();
        JsonNode ownAlone = api.get("/api/v1/bookings/" + id, doctorToken).body();
        assertThat(ownAlone.path("patient")).isEqualTo(own.path("patient"));
        assertThat(ownAlone.has("doctor")).isFalse();
    }

    @Test
    void anErasedPatientIsNamedInNoList() {
        NewDoctor doctor = bookableDoctor();
        String doctorToken = staffLogin(doctor.email(), doctor.temporaryPassword());
        String patient = patientToken(uniqueEmail("erased"));
        api.patch("/api/v1/me", Map.of("name", "Erik Vanish", "dateOfBirth", "1980-01-02"), patient);
        String patientId = api.get("/api/v1/me", patient).text("id");
        Api.Response booked = book(patient, doctor.id(), freeSlots(doctor.id(), "IN_PERSON", 3).get(0), "IN_PERSON", "CASH",
                UUID.randomUUID().toString());
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        String id = booked.text("id");
        assertThat(only(api.get("/api/v1/admin/bookings?doctorId=" + doctor.id(), adminToken()), id)
                .path("patient").path("name").asString()).isEqualTo("Erik Vanish");

        Api.Response erased = api.post("/api/v1/admin/users/" + patientId + "/erasure", null, adminToken());
        assertThat(erased.status()).as(erased.toString()).isEqualTo(204);

        Api.Response staff = api.get("/api/v1/admin/bookings?doctorId=" + doctor.id(), adminToken());
        assertThat(only(staff, id).has("patient")).isFalse();
        assertThat(only(staff, id).path("doctor").path("name").asString()).isEqualTo("Dr. Anna Müller");
        assertThat(api.get("/api/v1/admin/bookings/" + id, adminToken()).body().has("patient")).isFalse();
        Api.Response own = api.get("/api/v1/doctor/bookings?range=week&status=CANCELLED&date="
                + booked.text("start").substring(0, 10), doctorToken);
        assertThat(only(own, id).has("patient")).isFalse();
        assertThat(staff.toString() + own).doesNotContain("Erik Vanish");
    }

    @Test
    void aPageOfBookingsIsTheSameFewStatementsWhateverItHolds() {
        NewDoctor doctor = bookableDoctor();
        List<String> slots = freeSlots(doctor.id(), "IN_PERSON", 3);
        String admin = adminToken();
        String doctorToken = staffLogin(doctor.email(), doctor.temporaryPassword());
        String patient = patientToken(uniqueEmail("pages"));
        String list = "/api/v1/admin/bookings?doctorId=" + doctor.id();
        String week = "/api/v1/doctor/bookings?range=week&date=" + slots.get(0).substring(0, 10);
        assertThat(book(patient, doctor.id(), slots.get(0), "IN_PERSON", "CASH", UUID.randomUUID().toString()).status())
                .isEqualTo(201);
        int staffOfOne = statements(api.get(list, admin));
        int doctorOfOne = statements(api.get(week, doctorToken));
        int patientOfOne = statements(api.get("/api/v1/bookings?when=upcoming", patient));

        for (int slot : List.of(1, 3)) {
            String token = patientToken(uniqueEmail("pages" + slot));
            api.patch("/api/v1/me", Map.of("name", "Patient " + slot), token);
            assertThat(book(token, doctor.id(), slots.get(slot), "IN_PERSON", "CASH", UUID.randomUUID().toString()).status())
                    .isEqualTo(201);
        }
        assertThat(book(patient, doctor.id(), slots.get(2), "IN_PERSON", "CASH", UUID.randomUUID().toString()).status())
                .isEqualTo(201);
        Api.Response staffPage = api.get(list, admin);
        assertThat(staffPage.body().path("items").size()).isGreaterThanOrEqualTo(3);
        Api.Response patientPage = api.get("/api/v1/bookings?when=upcoming", patient);
        assertThat(patientPage.body().path("items").size()).isEqualTo(2);

        assertThat(statements(staffPage)).as("a page of several bookings").isEqualTo(staffOfOne).isLessThanOrEqualTo(8);
        assertThat(statements(api.get(week, doctorToken))).isEqualTo(doctorOfOne);
        assertThat(statements(patientPage)).isEqualTo(patientOfOne);
    }

    /** The database statements the request ran, from its own trace. */
    private int statements(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<SpanData> trace = spans.ofRequest(response.header("X-Trace-Id"));
        return (int) trace.stream().filter(span -> span.getName().equals("query")).count();
    }

    private static JsonNode only(Api.Response page, String bookingId) {
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        for (JsonNode item : page.body().path("items")) {
            if (item.path("id").asString().equals(bookingId)) {
                return item;
            }
        }
        throw new AssertionError("booking " + bookingId + " not in " + page);
    }

    /** Proves a new phone number with the code sent to it by SMS, as the patient would. */
    private String provePhone(String token) {
        String phone = "+4930" + (10_000_000 + Math.abs(UUID.randomUUID().hashCode() % 89_999_999));
        Api.Response sent = api.post("/api/v1/auth/otp", Map.of("channel", "SMS", "destination", phone));
        if (sent.status() == 503) {
            // The SMS stand-in did not answer within the sender's timeout (a busy machine): ask again once the
            // resend wait has passed, as the patient would.
            clock.advance(Duration.ofSeconds(61));
            sent = api.post("/api/v1/auth/otp", Map.of("channel", "SMS", "destination", phone));
        }
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        String code = null;
        for (LoggedRequest request : PROVIDERS.findAll(postRequestedFor(urlPathMatching("/2010-04-01/Accounts/.*/Messages.json")))) {
            String form = URLDecoder.decode(request.getBodyAsString(), StandardCharsets.UTF_8);
            if (form.contains("To=" + phone)) {
                code = codeIn(form);
            }
        }
        assertThat(code).as("an SMS to %s", phone).isNotNull();
        Api.Response proved = api.patch("/api/v1/me", Map.of("phone", phone, "phoneCode", code), token);
        assertThat(proved.status()).as(proved.toString()).isEqualTo(200);
        return proved.text("phone");
    }
}
