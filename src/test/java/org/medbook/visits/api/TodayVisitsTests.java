package org.medbook.visits.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.medbook.shared.realtime.StompTestClient;
import org.medbook.support.Api;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A doctor's visits of today: the confirmed video bookings of the doctor's calendar day in the zone
 * each was booked in; yesterday evening's and tomorrow morning's (both within a day of now), in-person
 * and cancelled ones are not listed. A visit exists only for a video booking, and only once someone
 * joined it; a no-show's attendance stays readable.
 */
class TodayVisitsTests extends VisitTestSupport {

    @Test
    void onlyTodaysConfirmedVideoBookingsAreListed() {
        NewDoctor doctor = bookableDoctor();
        String today = at(berlinDay(2), 15, 0);
        String visit = booked(newPatient("today"), doctor.id(), today, "VIDEO", "CASH");
        booked(newPatient("yesterday"), doctor.id(), at(berlinDay(1), 21, 0), "VIDEO", "CASH");
        booked(newPatient("tomorrow"), doctor.id(), at(berlinDay(3), 14, 0), "VIDEO", "CASH");
        booked(newPatient("in-person"), doctor.id(), at(berlinDay(2), 10, 0), "IN_PERSON", "CASH");
        Patient changedMind = newPatient("cancelled");
        String cancelled = booked(changedMind, doctor.id(), at(berlinDay(2), 17, 0), "VIDEO", "CASH");
        assertThat(cancel(changedMind.token, cancelled, "plans changed").status()).isEqualTo(200);

        // both the evening before and the next afternoon are less than a day away
        clock.setTo(instant(at(berlinDay(2), 14, 30)));
        Api.Response list = api.get("/api/v1/doctor/visits/today", doctorLogin(doctor));

        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        list.body().forEach(item -> ids.add(item.path("bookingId").asString()));
        assertThat(ids).containsExactly(visit);
        assertThat(Instant.parse(list.body().get(0).path("start").asString())).isEqualTo(instant(today));
        assertThat(list.body().get(0).path("patientWaiting").asBoolean()).isFalse();
    }

    @Test
    void aSignalBeforeAnyoneJoinedIsRefusedAndAnInPersonBookingHasNoAttendance() {
        VideoBooking booking = videoBooking();
        Patient visitor = newPatient("in-person");
        String inPerson = booked(visitor, booking.doctor.id(), at(berlinDay(2), 10, 0), "IN_PERSON", "CASH");
        booking.at(Duration.ofMinutes(5));

        try (StompTestClient.Connection doctor = socket(booking.doctorToken)) {
            doctor.send(booking.destination("signal"), "{\"type\":\"offer\",\"sdp\":\"v=0\"}");
            assertThat(nextOfType(doctor, "error").path("problem").asString()).isEqualTo("not-joined");
        }
        Api.Response attendance = api.get(BOOKINGS + "/" + inPerson + "/visit/attendance", booking.doctorToken);
        assertThat(attendance.status()).as(attendance.toString()).isEqualTo(404);
        assertThat(attendance.problem()).isEqualTo("not-found");
    }

    @Test
    void aVideoBookingMarkedAsANoShowKeepsItsAttendanceForTheDoctor() {
        VideoBooking booking = videoBooking();
        clock.setTo(booking.start.plus(Duration.ofMinutes(20)));
        String doctorToken = doctorLogin(booking.doctor);
        Api.Response noShow = doctorAction(doctorToken, booking.id, "no-show");
        assertThat(noShow.status()).as(noShow.toString()).isEqualTo(200);

        Api.Response attendance = api.get(BOOKINGS + "/" + booking.id + "/visit/attendance", doctorToken);
        assertThat(attendance.status()).as(attendance.toString()).isEqualTo(200);
        assertThat(attendance.body().path("stays").size()).as("nobody came").isZero();
    }
}
