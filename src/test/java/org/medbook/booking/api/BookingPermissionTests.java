package org.medbook.booking.api;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Who may see and change a booking: its patient, its doctor and the back office with bookings:manage; nobody else. */
class BookingPermissionTests extends BookingTestSupport {

    private static final String ADMIN_BOOKINGS = "/api/v1/admin/bookings";

    @Test
    void anotherPatientCannotSeeOrTouchSomeoneElsesBooking() {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        Patient eve = newPatient("eve");
        LocalDate day = berlinDay(3);
        String id = booked(ann, doctor.id(), at(day, 9, 0), "IN_PERSON", "CASH");

        assertNotFound(booking(eve.token, id));
        assertNotFound(cancel(eve.token, id, "mine now"));
        assertNotFound(reschedule(eve.token, id, at(day, 11, 0)));
        assertNotFound(api.send("POST", BOOKINGS + "/" + id + "/rebook", Map.of("start", at(day, 12, 0),
                "paymentMethod", "CASH"), eve.token, Map.of("Idempotency-Key", UUID.randomUUID().toString())));
        // Indistinguishable from a booking that does not exist.
        Api.Response unknown = booking(eve.token, UUID.randomUUID().toString());
        assertNotFound(unknown);
        assertThat(ids(api.get(BOOKINGS + "?when=upcoming", eve.token))).isEmpty();

        Api.Response untouched = bookingOk(ann.token, id);
        assertThat(untouched.text("status")).isEqualTo("CONFIRMED");
        assertThat(instantOf(untouched, "start")).isEqualTo(instant(at(day, 9, 0)));
    }

    @Test
    void anotherDoctorCannotSeeOrTouchTheBooking() {
        NewDoctor doctor = bookableDoctor();
        NewDoctor other = bookableDoctor();
        Patient ann = newPatient("ann");
        String doctorToken = doctorLogin(doctor);
        assertThat(setPolicy(doctorToken, 24, true).status()).isEqualTo(200);
        LocalDate day = berlinDay(3);
        String id = booked(ann, doctor.id(), at(day, 9, 0), "IN_PERSON", "CASH");
        String otherToken = doctorLogin(other);

        assertNotFound(booking(otherToken, id));
        assertNotFound(cancel(otherToken, id, "not mine"));
        assertNotFound(reschedule(otherToken, id, at(day, 11, 0)));
        for (String action : List.of("approve", "decline", "complete", "no-show", "cash")) {
            assertNotFound(doctorAction(otherToken, id, action));
        }
        assertThat(ids(api.get(DOCTOR_BOOKINGS + "?date=" + day + "&range=day", otherToken))).isEmpty();

        // The booking's own doctor sees it and may act on it.
        assertThat(ids(api.get(DOCTOR_BOOKINGS + "?date=" + day + "&range=day", doctorToken))).containsExactly(id);
        assertThat(booking(doctorToken, id).status()).isEqualTo(200);
        assertThat(bookingOk(ann.token, id).text("status")).isEqualTo("PENDING_APPROVAL");
        assertThat(doctorAction(doctorToken, id, "approve").status()).isEqualTo(200);
    }

    @Test
    void aHelperWithoutBookingsManageIsKeptOut() {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        String id = booked(ann, doctor.id(), at(berlinDay(3), 9, 0), "IN_PERSON", "CASH");
        String helper = helperToken(List.of("users:read"));

        Api.Response list = api.get(ADMIN_BOOKINGS, helper);
        assertThat(list.status()).as(list.toString()).isEqualTo(403);
        assertThat(list.raw()).doesNotContain(id);
        assertThat(api.get(ADMIN_BOOKINGS + "/" + id, helper).status()).isEqualTo(403);
        assertThat(api.post(ADMIN_BOOKINGS + "/" + id + "/cash", null, helper).status()).isEqualTo(403);
        assertNotFound(booking(helper, id));
        assertNotFound(cancel(helper, id, "helper"));
        assertThat(bookingOk(ann.token, id).text("status")).isEqualTo("CONFIRMED");
    }

    @Test
    void aHelperWithBookingsManageListsReadsAndCancelsAndIsAudited() {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        LocalDate day = berlinDay(3);
        String id = booked(ann, doctor.id(), at(day, 9, 0), "IN_PERSON", "CASH");
        String other = booked(ann, doctor.id(), at(day, 9, 30), "IN_PERSON", "CASH");
        StaffAccount account = newStaffAccount("HELPER", List.of("bookings:manage"));
        String helper = activateStaff(account.email(), account.temporaryPassword(), "Helper passphrase " + account.email())
                .text("accessToken");

        Api.Response list = api.get(ADMIN_BOOKINGS + "?doctorId=" + doctor.id(), helper);
        assertThat(ids(list)).containsExactlyInAnyOrder(id, other);
        assertThat(ids(api.get(ADMIN_BOOKINGS + "?doctorId=" + doctor.id() + "&paymentMethod=CASH", helper)))
                .containsExactlyInAnyOrder(id, other);
        assertThat(ids(api.get(ADMIN_BOOKINGS + "?doctorId=" + doctor.id() + "&paymentMethod=STRIPE", helper))).isEmpty();
        assertThat(api.get(ADMIN_BOOKINGS + "?paymentMethod=BITCOIN", helper).status()).isEqualTo(400);
        assertThat(ids(api.get(ADMIN_BOOKINGS + "?doctorId=" + doctor.id() + "&status=CANCELLED", helper))).isEmpty();
        Api.Response read = api.get(ADMIN_BOOKINGS + "/" + id, helper);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.text("patientId")).isEqualTo(bookingOk(ann.token, id).text("patientId"));
        assertThat(booking(helper, id).status()).isEqualTo(200);

        Api.Response cancelled = cancel(helper, id, "doctor on leave");
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.text("status")).isEqualTo("CANCELLED");
        assertThat(cancelled.body().path("cancellation").path("by").asString()).isEqualTo("STAFF");
        assertThat(bookingOk(ann.token, id).text("status")).isEqualTo("CANCELLED");
        assertThat(ids(api.get(ADMIN_BOOKINGS + "?doctorId=" + doctor.id() + "&status=CANCELLED", helper)))
                .containsExactly(id);

        Api.Response moved = reschedule(helper, other, at(day, 10, 30));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(instantOf(bookingOk(ann.token, other), "start")).isEqualTo(instant(at(day, 10, 30)));

        Api.Response cash = api.post(ADMIN_BOOKINGS + "/" + other + "/cash", Map.of("waived", true), helper);
        assertThat(cash.status()).as(cash.toString()).isEqualTo(200);
        assertThat(cash.body().path("payment").path("status").asString()).isEqualTo("WAIVED");

        String admin = adminToken();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Api.Response audit = api.get("/api/v1/admin/audit?action=booking.staff-cancel&target=booking:" + id, admin);
            assertThat(audit.status()).as(audit.toString()).isEqualTo(200);
            assertThat(audit.body().path("totalItems").asLong()).isEqualTo(1);
            JsonNode entry = audit.body().path("items").get(0);
            assertThat(entry.path("actorId").asString()).isEqualTo(account.id());
            assertThat(entry.path("ip").asString()).isEqualTo(api.clientIp());
            Api.Response rescheduled = api.get("/api/v1/admin/audit?action=booking.staff-reschedule&target=booking:" + other,
                    admin);
            assertThat(rescheduled.body().path("totalItems").asLong()).as(rescheduled.toString()).isEqualTo(1);
        });
    }

    @Test
    void onlyPatientsBookAndAnonymousCallersAreAskedToSignIn() throws Exception {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        String slot = at(berlinDay(3), 9, 0);
        String id = booked(ann, doctor.id(), slot, "IN_PERSON", "CASH");
        NewDoctor other = bookableDoctor();

        Api.Response byDoctor = book(doctorLogin(other), doctor.id(), at(berlinDay(3), 10, 0), "IN_PERSON", "CASH",
                UUID.randomUUID().toString());
        assertThat(byDoctor.status()).as(byDoctor.toString()).isEqualTo(403);
        Api.Response byAdmin = book(adminToken(), doctor.id(), at(berlinDay(3), 10, 0), "IN_PERSON", "CASH",
                UUID.randomUUID().toString());
        assertThat(byAdmin.status()).as(byAdmin.toString()).isEqualTo(403);

        Api.Response anonymousBooking = book((String) null, doctor.id(), at(berlinDay(3), 10, 0), "IN_PERSON", "CASH",
                UUID.randomUUID().toString());
        assertThat(anonymousBooking.status()).as(anonymousBooking.toString()).isEqualTo(401);
        assertThat(api.get(BOOKINGS, null).status()).isEqualTo(401);
        assertThat(booking(null, id).status()).isEqualTo(401);
        assertThat(cancel(null, id, "anonymous").status()).isEqualTo(401);
        assertThat(api.get(DOCTOR_BOOKINGS, null).status()).isEqualTo(401);
        assertThat(api.get(ADMIN_BOOKINGS, null).status()).isEqualTo(401);

        assertThat(activeAt(doctor.id(), instant(at(berlinDay(3), 10, 0)))).isZero();
        assertThat(bookingOk(ann.token, id).text("status")).isEqualTo("CONFIRMED");
    }

    @Test
    void aPatientCannotUseTheDoctorsOrTheBackOfficesRoutes() {
        NewDoctor doctor = bookableDoctor();
        Patient ann = newPatient("ann");
        String doctorToken = doctorLogin(doctor);
        assertThat(setPolicy(doctorToken, 24, true).status()).isEqualTo(200);
        String id = booked(ann, doctor.id(), at(berlinDay(3), 9, 0), "IN_PERSON", "CASH");

        for (String action : List.of("approve", "decline", "complete", "no-show", "cash")) {
            Api.Response refused = doctorAction(ann.token, id, action);
            assertThat(refused.status()).as(action + " " + refused).isEqualTo(403);
        }
        assertThat(api.get(DOCTOR_BOOKINGS, ann.token).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/doctor/booking-policy", ann.token).status()).isEqualTo(403);
        assertThat(setPolicy(ann.token, 0, false).status()).isEqualTo(403);
        assertThat(api.get(ADMIN_BOOKINGS, ann.token).status()).isEqualTo(403);
        assertThat(api.post(ADMIN_BOOKINGS + "/" + id + "/cash", null, ann.token).status()).isEqualTo(403);

        Api.Response state = bookingOk(ann.token, id);
        assertThat(state.text("status")).isEqualTo("PENDING_APPROVAL");
        assertThat(state.body().path("payment").path("status").asString()).isEqualTo("DUE");
        assertThat(api.get("/api/v1/doctor/booking-policy", doctorToken).body().path("requiresApproval").asBoolean())
                .isTrue();
    }

    private static void assertNotFound(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(404);
        assertThat(response.problem()).isEqualTo("not-found");
    }
}
