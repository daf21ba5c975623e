package org.medbook.visits.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.shared.MedbookException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VisitTests {

    private static final Instant START = Instant.parse("2027-03-02T14:00:00Z");
    private static final VisitWindow WINDOW = VisitWindow.around(START, START.plus(Duration.ofMinutes(30)),
            Duration.ofMinutes(10), Duration.ofMinutes(30));
    private final UUID doctor = UUID.randomUUID();
    private final UUID patient = UUID.randomUUID();
    private final Visit visit = new Visit(UUID.randomUUID(), doctor, patient, WINDOW, List.of(), null, null, null);

    @Test
    void theWindowOpensTenMinutesBeforeTheStartAndClosesThirtyAfterTheEnd() {
        assertThat(WINDOW.opensAt()).isEqualTo(START.minus(Duration.ofMinutes(10)));
        assertThat(WINDOW.closesAt()).isEqualTo(START.plus(Duration.ofMinutes(60)));
        assertThat(visit.state(START.minus(Duration.ofMinutes(11)))).isEqualTo(VisitState.NOT_YET_OPEN);
        assertThat(visit.state(START.minus(Duration.ofMinutes(10)))).isEqualTo(VisitState.OPEN);
        assertThat(visit.state(START.plus(Duration.ofMinutes(60)))).isEqualTo(VisitState.CLOSED);
    }

    @Test
    void joiningBeforeTheWindowIsRefusedSayingWhenItOpens() {
        assertThatThrownBy(() -> visit.join(patient, "s1", START.minus(Duration.ofMinutes(11))))
                .isInstanceOf(MedbookException.class)
                .satisfies(e -> {
                    assertThat(((MedbookException) e).slug()).isEqualTo("visit-not-open");
                    assertThat(((MedbookException) e).properties()).containsEntry("opensAt", WINDOW.opensAt().toString());
                });
        assertThatThrownBy(() -> visit.join(patient, "s1", WINDOW.closesAt()))
                .satisfies(e -> assertThat(((MedbookException) e).slug()).isEqualTo("visit-closed"));
    }

    @Test
    void aStrangerIsNotPartOfTheVisit() {
        assertThatThrownBy(() -> visit.join(UUID.randomUUID(), "s1", START))
                .satisfies(e -> assertThat(((MedbookException) e).slug()).isEqualTo("not-found"));
    }

    @Test
    void thePatientWaitsUntilTheDoctorAdmitsThem() {
        List<VisitChange> joined = visit.join(patient, "s1", START);
        assertThat(joined).containsExactly(new VisitChange.Joined(patient, Participant.PATIENT, true, false));
        assertThat(visit.state(START)).isEqualTo(VisitState.PATIENT_WAITING);
        assertThatThrownBy(() -> visit.signalTarget(patient, START))
                .satisfies(e -> assertThat(((MedbookException) e).slug()).isEqualTo("not-admitted"));
        assertThatThrownBy(() -> visit.admit(patient, START))
                .satisfies(e -> assertThat(((MedbookException) e).slug()).isEqualTo("forbidden"));

        visit.join(doctor, "s2", START);
        assertThat(visit.admit(doctor, START)).containsExactly(new VisitChange.Admitted(patient, doctor));
        assertThat(visit.state(START)).isEqualTo(VisitState.IN_PROGRESS);
        assertThat(visit.signalTarget(patient, START)).isEqualTo(doctor);
        assertThat(visit.signalTarget(doctor, START)).isEqualTo(patient);
    }

    @Test
    void theDoctorCannotAdmitAPatientWhoIsNotThere() {
        assertThatThrownBy(() -> visit.admit(doctor, START))
                .satisfies(e -> assertThat(((MedbookException) e).slug()).isEqualTo("patient-not-waiting"));
    }

    @Test
    void anAdmittedPatientWhoReconnectsGoesStraightIn() {
        visit.join(patient, "s1", START);
        visit.join(doctor, "s2", START);
        visit.admit(doctor, START);
        assertThat(visit.leave(patient, "s1", START.plusSeconds(60)))
                .containsExactly(new VisitChange.Left(patient, Participant.PATIENT));
        assertThat(visit.join(patient, "s3", START.plusSeconds(70)))
                .containsExactly(new VisitChange.Joined(patient, Participant.PATIENT, false, true));
    }

    @Test
    void leavingFromOneOfTwoTabsLeavesThePersonThere() {
        visit.join(patient, "s1", START);
        visit.join(patient, "s2", START);
        assertThat(visit.leave(patient, "s1", START.plusSeconds(5))).isEmpty();
        assertThat(visit.present(Participant.PATIENT)).isTrue();
    }

    @Test
    void endingClosesEveryStayAndRefusesFurtherJoinsAndSignals() {
        visit.join(patient, "s1", START);
        visit.join(doctor, "s2", START);
        visit.admit(doctor, START);
        assertThatThrownBy(() -> visit.end(patient, START))
                .satisfies(e -> assertThat(((MedbookException) e).slug()).isEqualTo("forbidden"));
        assertThat(visit.end(doctor, START.plusSeconds(600))).containsExactly(new VisitChange.Ended(doctor));
        assertThat(visit.stays()).allMatch(stay -> !stay.lasting());
        assertThat(visit.state(START.plusSeconds(601))).isEqualTo(VisitState.ENDED);
        assertThatThrownBy(() -> visit.join(patient, "s3", START.plusSeconds(601)))
                .satisfies(e -> assertThat(((MedbookException) e).slug()).isEqualTo("visit-ended"));
        assertThatThrownBy(() -> visit.signalTarget(doctor, START.plusSeconds(601)))
                .satisfies(e -> assertThat(((MedbookException) e).slug()).isEqualTo("visit-ended"));
    }

    @Test
    void timeTogetherCountsOverlapsOnceEvenWithTwoTabs() {
        Instant t = START;
        List<Presence> stays = List.of(
                new Presence(UUID.randomUUID(), doctor, Participant.DOCTOR, "d", t, t.plusSeconds(600)),
                new Presence(UUID.randomUUID(), patient, Participant.PATIENT, "p1", t.plusSeconds(60), t.plusSeconds(300)),
                new Presence(UUID.randomUUID(), patient, Participant.PATIENT, "p2", t.plusSeconds(120), t.plusSeconds(360)),
                new Presence(UUID.randomUUID(), patient, Participant.PATIENT, "p3", t.plusSeconds(500), null));
        // patient: 60-360 and 500-now(700), doctor: 0-600 -> 300 + 100
        assertThat(Attendance.together(stays, t.plusSeconds(700))).isEqualTo(Duration.ofSeconds(400));
        assertThat(Attendance.joined(stays, Participant.PATIENT)).isTrue();
        assertThat(Attendance.together(List.of(), t)).isZero();
    }
    @Test
    void theSameSocketJoiningAgainIsOneStayWhileAnotherSocketIsASecond() {
        visit.join(patient, "s1", START);
        visit.join(patient, "s1", START.plusSeconds(10));
        assertThat(visit.stays()).hasSize(2).filteredOn(Presence::lasting).singleElement()
                .satisfies(stay -> assertThat(stay.joinedAt()).isEqualTo(START.plusSeconds(10)));
        assertThat(visit.stays()).filteredOn(stay -> !stay.lasting()).singleElement()
                .satisfies(stay -> assertThat(stay.leftAt()).isEqualTo(START.plusSeconds(10)));

        visit.join(patient, "s2", START.plusSeconds(20));
        visit.join(patient, null, START.plusSeconds(30));
        visit.join(patient, null, START.plusSeconds(40));
        assertThat(visit.stays()).filteredOn(Presence::lasting).extracting(Presence::sessionId)
                .containsExactly("s1", "s2", null, null);
    }

    @Test
    void oneSocketOfTheDoctorDoesNotEndTheStayOfTheSameSocketNameOfThePatient() {
        visit.join(patient, "same", START);
        visit.join(doctor, "same", START.plusSeconds(5));
        assertThat(visit.present(Participant.PATIENT)).isTrue();
        assertThat(visit.present(Participant.DOCTOR)).isTrue();
    }

    @Test
    void theDoctorAdmitsOnlyWhileTheWindowIsOpenAndTheVisitGoesOn() {
        visit.join(patient, "s1", START);
        assertThatThrownBy(() -> visit.admit(doctor, WINDOW.closesAt()))
                .satisfies(e -> assertThat(((MedbookException) e).slug()).isEqualTo("visit-closed"));
        visit.end(doctor, START.plusSeconds(60));
        assertThatThrownBy(() -> visit.admit(doctor, START.plusSeconds(61)))
                .satisfies(e -> assertThat(((MedbookException) e).slug()).isEqualTo("visit-ended"));
        assertThat(visit.admittedAt()).isNull();
    }

    @Test
    void aSecondAdmissionKeepsTheFirstTime() {
        visit.join(patient, "s1", START);
        visit.admit(doctor, START);
        visit.admit(doctor, START.plusSeconds(90));
        assertThat(visit.admittedAt()).isEqualTo(START);
    }

    @Test
    void signalsStopWhenTheWindowCloses() {
        visit.join(patient, "s1", START);
        visit.join(doctor, "s2", START);
        visit.admit(doctor, START);
        assertThatThrownBy(() -> visit.signalTarget(patient, WINDOW.closesAt()))
                .satisfies(e -> assertThat(((MedbookException) e).slug()).isEqualTo("visit-closed"));
    }

    @Test
    void anAdmittedPatientWhoLeftCannotSignalUntilTheyJoinAgain() {
        visit.join(patient, "s1", START);
        visit.join(doctor, "s2", START);
        visit.admit(doctor, START);
        visit.leave(patient, null, START.plusSeconds(30));
        assertThatThrownBy(() -> visit.signalTarget(patient, START.plusSeconds(31)))
                .satisfies(e -> assertThat(((MedbookException) e).slug()).isEqualTo("not-joined"));
    }

    @Test
    void aVisitEndsOnceAndRecordsWhoEndedItAndWhen() {
        visit.join(patient, "s1", START);
        visit.end(doctor, START.plusSeconds(600));
        assertThat(visit.endedAt()).isEqualTo(START.plusSeconds(600));
        assertThat(visit.endedBy()).isEqualTo(doctor);
        assertThat(visit.stays()).singleElement()
                .satisfies(stay -> assertThat(stay.leftAt()).isEqualTo(START.plusSeconds(600)));
        assertThatThrownBy(() -> visit.end(doctor, START.plusSeconds(700)))
                .satisfies(e -> assertThat(((MedbookException) e).slug()).isEqualTo("visit-ended"));
        assertThat(visit.endedAt()).isEqualTo(START.plusSeconds(600));
    }

    @Test
    void aVisitKeepsWhatItWasBuiltWith() {
        UUID booking = UUID.randomUUID();
        Presence stay = new Presence(UUID.randomUUID(), patient, Participant.PATIENT, "s1", START, null);
        Visit loaded = new Visit(booking, doctor, patient, WINDOW, List.of(stay), START, null, null);
        assertThat(loaded.bookingId()).isEqualTo(booking);
        assertThat(loaded.doctorId()).isEqualTo(doctor);
        assertThat(loaded.patientId()).isEqualTo(patient);
        assertThat(loaded.window()).isEqualTo(WINDOW);
        assertThat(loaded.stays()).containsExactly(stay);
        assertThat(loaded.admittedAt()).isEqualTo(START);
        assertThat(loaded.state(START)).isEqualTo(VisitState.IN_PROGRESS);
        assertThat(loaded.userOf(Participant.PATIENT)).isEqualTo(patient);
        assertThat(loaded.userOf(Participant.DOCTOR)).isEqualTo(doctor);
    }
    @Test
    void aWindowIsBuiltAroundTheBookingAndMustCloseAfterItOpens() {
        VisitWindow window = VisitWindow.around(START, START.plus(Duration.ofMinutes(20)), Duration.ofMinutes(5),
                Duration.ofMinutes(15));
        assertThat(window).isEqualTo(new VisitWindow(START.minus(Duration.ofMinutes(5)), START.plus(Duration.ofMinutes(35))));
        assertThatThrownBy(() -> new VisitWindow(START, START)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VisitWindow(START, START.minusSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void someoneHasJoinedOnlyWithAStayOfTheirOwn() {
        List<Presence> doctorOnly = List.of(new Presence(UUID.randomUUID(), doctor, Participant.DOCTOR, "d", START, null));
        assertThat(Attendance.joined(doctorOnly, Participant.PATIENT)).isFalse();
        assertThat(Attendance.joined(doctorOnly, Participant.DOCTOR)).isTrue();
        assertThat(Attendance.joined(List.of(), Participant.DOCTOR)).isFalse();
        assertThat(Attendance.together(doctorOnly, START.plusSeconds(60))).isZero();
    }
}
