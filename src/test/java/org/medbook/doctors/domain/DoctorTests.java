package org.medbook.doctors.domain;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.medbook.shared.MedbookException;
import org.medbook.shared.Money;
import org.medbook.shared.ProblemKind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medbook.doctors.ConsultationType.IN_PERSON;
import static org.medbook.doctors.ConsultationType.VIDEO;

class DoctorTests {

    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-0000000000d1");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Money VISIT_FEE = new Money(6000, "EUR");
    private static final Money VIDEO_FEE = new Money(4000, "EUR");
    private static final Location PRAXIS = Location.resolved(UUID.fromString("00000000-0000-0000-0000-0000000000a1"),
            "Praxis Mitte", "Torstr. 1, Berlin", 52.53, 13.40, GeocodeStatus.RESOLVED);

    private static Doctor videoDoctor() {
        return Doctor.register(ID, "Dr. Ada Roth", "ada@example.org", null, BERLIN, null, "LIC-1",
                Set.of("cardiology"), List.of("de"), Set.of(VIDEO), Map.of(VIDEO, VIDEO_FEE), List.of());
    }

    private static Doctor practisingDoctor() {
        return Doctor.register(ID, "Dr. Ada Roth", "ada@example.org", "+493012345678", BERLIN, "Heart doctor", "LIC-1",
                Set.of("cardiology"), List.of("de", "en"), Set.of(IN_PERSON, VIDEO),
                Map.of(IN_PERSON, VISIT_FEE, VIDEO, VIDEO_FEE), List.of(PRAXIS));
    }

    private static void assertProfileInvalid(ThrowingCallable change, String detail) {
        assertThatThrownBy(change).isInstanceOfSatisfying(MedbookException.class, e -> {
            assertThat(e.kind()).isEqualTo(ProblemKind.RULE_BROKEN);
            assertThat(e.slug()).isEqualTo("doctor-profile-invalid");
            assertThat(e.getMessage()).contains(detail);
        });
    }

    private static void assertBadInput(ThrowingCallable change, String detail) {
        assertThatThrownBy(change).isInstanceOfSatisfying(MedbookException.class, e -> {
            assertThat(e.kind()).isEqualTo(ProblemKind.BAD_INPUT);
            assertThat(e.slug()).isEqualTo("validation-failed");
            assertThat(e.getMessage()).contains(detail);
        });
    }

    // ---------------------------------------------------------------- registration

    @Test
    void aNewDoctorIsPendingVerificationAndNotBookable() {
        Doctor doctor = Doctor.register(ID, "  Dr. Ada Roth ", "ada@example.org", "+493012345678", BERLIN,
                "Heart doctor", " LIC-1 ", Set.of("cardiology"), List.of("de", "en"), Set.of(IN_PERSON, VIDEO),
                Map.of(IN_PERSON, VISIT_FEE, VIDEO, VIDEO_FEE), List.of(PRAXIS));

        assertThat(doctor.verification()).isEqualTo(VerificationStatus.PENDING);
        assertThat(doctor.isBookable()).isFalse();
        assertThat(doctor.suspended()).isFalse();
        assertThat(doctor.rejectionReason()).isEmpty();
        assertThat(doctor.id()).isEqualTo(ID);
        assertThat(doctor.name()).isEqualTo("Dr. Ada Roth");
        assertThat(doctor.licenceNumber()).isEqualTo("LIC-1");
        assertThat(doctor.email()).isEqualTo("ada@example.org");
        assertThat(doctor.phone()).contains("+493012345678");
        assertThat(doctor.bio()).contains("Heart doctor");
        assertThat(doctor.zone()).isEqualTo(BERLIN);
        assertThat(doctor.specialties()).containsExactly("cardiology");
        assertThat(doctor.languages()).containsExactly("de", "en");
        assertThat(doctor.consultationTypes()).containsExactlyInAnyOrder(IN_PERSON, VIDEO);
        assertThat(doctor.fees()).containsExactlyInAnyOrderEntriesOf(Map.of(IN_PERSON, VISIT_FEE, VIDEO, VIDEO_FEE));
        assertThat(doctor.locations()).containsExactly(PRAXIS);
        assertThat(doctor.version()).isZero();
    }

    @Test
    void aStoredDoctorIsRebuiltAsItWasSaved() {
        Doctor doctor = new Doctor(ID, "Dr. Ada Roth", "ada@example.org", null, BERLIN, null, "LIC-1",
                Set.of("cardiology"), List.of("de"), Set.of(VIDEO), Map.of(VIDEO, VIDEO_FEE), List.of(),
                VerificationStatus.REJECTED, "licence not found", true, 4);

        assertThat(doctor.verification()).isEqualTo(VerificationStatus.REJECTED);
        assertThat(doctor.rejectionReason()).contains("licence not found");
        assertThat(doctor.suspended()).isTrue();
        assertThat(doctor.version()).isEqualTo(4);
    }

    @Test
    void aVideoOnlyDoctorNeedsNoPracticeLocation() {
        Doctor doctor = videoDoctor();

        assertThat(doctor.locations()).isEmpty();
        assertThat(doctor.consultationTypes()).containsExactly(VIDEO);
        assertThat(doctor.phone()).isEmpty();
        assertThat(doctor.bio()).isEmpty();
    }

    @Test
    void inPersonConsultationsNeedAPracticeLocation() {
        assertProfileInvalid(() -> Doctor.register(ID, "Dr. Ada Roth", "ada@example.org", null, BERLIN, null, "LIC-1",
                Set.of("cardiology"), List.of("de"), Set.of(IN_PERSON), Map.of(IN_PERSON, VISIT_FEE), List.of()),
                "practice location");
    }

    @Test
    void aDoctorHasANameALicenceAndASpecialty() {
        assertBadInput(() -> Doctor.register(ID, " ", "ada@example.org", null, BERLIN, null, "LIC-1",
                Set.of("cardiology"), List.of(), Set.of(VIDEO), Map.of(VIDEO, VIDEO_FEE), List.of()), "name");
        assertBadInput(() -> Doctor.register(ID, null, "ada@example.org", null, BERLIN, null, "LIC-1",
                Set.of("cardiology"), List.of(), Set.of(VIDEO), Map.of(VIDEO, VIDEO_FEE), List.of()), "name");
        assertBadInput(() -> Doctor.register(ID, "Dr. Ada Roth", "ada@example.org", null, BERLIN, null, "",
                Set.of("cardiology"), List.of(), Set.of(VIDEO), Map.of(VIDEO, VIDEO_FEE), List.of()), "licenceNumber");
        assertProfileInvalid(() -> Doctor.register(ID, "Dr. Ada Roth", "ada@example.org", null, BERLIN, null, "LIC-1",
                Set.of(), List.of(), Set.of(VIDEO), Map.of(VIDEO, VIDEO_FEE), List.of()), "specialty");
    }

    @Test
    void aDoctorOffersAtLeastOneConsultationTypeAndAFeeForEach() {
        assertProfileInvalid(() -> Doctor.register(ID, "Dr. Ada Roth", "ada@example.org", null, BERLIN, null, "LIC-1",
                Set.of("cardiology"), List.of(), Set.of(), Map.of(), List.of()), "consultation type");
        assertProfileInvalid(() -> Doctor.register(ID, "Dr. Ada Roth", "ada@example.org", null, BERLIN, null, "LIC-1",
                Set.of("cardiology"), List.of(), Set.of(IN_PERSON, VIDEO), Map.of(VIDEO, VIDEO_FEE), List.of(PRAXIS)),
                "IN_PERSON has none");
    }

    @Test
    void feesAreKeptOnlyForTheTypesOffered() {
        Doctor doctor = Doctor.register(ID, "Dr. Ada Roth", "ada@example.org", null, BERLIN, null, "LIC-1",
                Set.of("cardiology"), List.of(), Set.of(VIDEO), Map.of(VIDEO, VIDEO_FEE, IN_PERSON, VISIT_FEE), List.of());

        assertThat(doctor.fees()).containsExactlyEntriesOf(Map.of(VIDEO, VIDEO_FEE));
        assertThat(doctor.feeFor(VIDEO)).contains(VIDEO_FEE);
        assertThat(doctor.feeFor(IN_PERSON)).isEmpty();
    }

    // ---------------------------------------------------------------- verification and suspension

    @Test
    void aVerifiedDoctorIsBookable() {
        Doctor doctor = videoDoctor();

        doctor.verify();

        assertThat(doctor.verification()).isEqualTo(VerificationStatus.VERIFIED);
        assertThat(doctor.isBookable()).isTrue();
    }

    @Test
    void aVerifiedDoctorCannotBeVerifiedAgain() {
        Doctor doctor = videoDoctor();
        doctor.verify();

        assertThatThrownBy(doctor::verify).isInstanceOfSatisfying(MedbookException.class, e -> {
            assertThat(e.kind()).isEqualTo(ProblemKind.CONFLICT);
            assertThat(e.slug()).isEqualTo("already-verified");
        });
    }

    @Test
    void aRejectionNeedsAReasonAndKeepsTheDoctorOutOfSearch() {
        Doctor doctor = videoDoctor();

        assertBadInput(() -> doctor.reject(null), "reason");
        assertBadInput(() -> doctor.reject("  "), "reason");
        assertThat(doctor.verification()).isEqualTo(VerificationStatus.PENDING);

        doctor.reject("  licence not found  ");

        assertThat(doctor.verification()).isEqualTo(VerificationStatus.REJECTED);
        assertThat(doctor.rejectionReason()).contains("licence not found");
        assertThat(doctor.isBookable()).isFalse();
    }

    @Test
    void aRejectedDoctorCanBeVerifiedLaterAndTheReasonIsForgotten() {
        Doctor doctor = videoDoctor();
        doctor.reject("licence not found");

        doctor.verify();

        assertThat(doctor.verification()).isEqualTo(VerificationStatus.VERIFIED);
        assertThat(doctor.rejectionReason()).isEmpty();
    }

    @Test
    void aSuspendedDoctorIsNotBookableUntilReinstated() {
        Doctor doctor = videoDoctor();
        doctor.verify();

        doctor.suspend();
        assertThat(doctor.suspended()).isTrue();
        assertThat(doctor.isBookable()).isFalse();

        doctor.reinstate();
        assertThat(doctor.suspended()).isFalse();
        assertThat(doctor.isBookable()).isTrue();
    }

    @Test
    void suspensionAndReinstatementRefuseTheWrongState() {
        Doctor doctor = videoDoctor();

        assertThatThrownBy(doctor::reinstate).isInstanceOfSatisfying(MedbookException.class, e -> {
            assertThat(e.kind()).isEqualTo(ProblemKind.CONFLICT);
            assertThat(e.slug()).isEqualTo("not-suspended");
        });
        doctor.suspend();
        assertThatThrownBy(doctor::suspend).isInstanceOfSatisfying(MedbookException.class, e -> {
            assertThat(e.kind()).isEqualTo(ProblemKind.CONFLICT);
            assertThat(e.slug()).isEqualTo("already-suspended");
        });
        assertThat(doctor.suspended()).isTrue();
    }

    // ---------------------------------------------------------------- profile edits

    @Test
    void aDoctorEditsBioLanguagesAndPhone() {
        Doctor doctor = practisingDoctor();

        doctor.editOwnProfile("  Cardiologist in Mitte ", List.of("fr"), "+4915112345678");

        assertThat(doctor.bio()).contains("Cardiologist in Mitte");
        assertThat(doctor.languages()).containsExactly("fr");
        assertThat(doctor.phone()).contains("+4915112345678");
    }

    @Test
    void aBlankBioClearsItAndLeftOutFieldsStayAsTheyWere() {
        Doctor doctor = practisingDoctor();

        doctor.editOwnProfile(" ", null, null);

        assertThat(doctor.bio()).isEmpty();
        assertThat(doctor.languages()).containsExactly("de", "en");
        assertThat(doctor.phone()).contains("+493012345678");

        doctor.editOwnProfile(null, List.of(), null);
        assertThat(doctor.bio()).isEmpty();
        assertThat(doctor.languages()).isEmpty();
    }

    @Test
    void thePlatformEditsNameLicenceSpecialtiesAndZone() {
        Doctor doctor = practisingDoctor();
        ZoneId vienna = ZoneId.of("Europe/Vienna");

        doctor.editAsPlatform(" Dr. Ada Roth-Weiss ", " LIC-2 ", Set.of("cardiology", "internal medicine"), vienna,
                null, null);

        assertThat(doctor.name()).isEqualTo("Dr. Ada Roth-Weiss");
        assertThat(doctor.licenceNumber()).isEqualTo("LIC-2");
        assertThat(doctor.specialties()).containsExactlyInAnyOrder("cardiology", "internal medicine");
        assertThat(doctor.zone()).isEqualTo(vienna);
        assertThat(doctor.consultationTypes()).containsExactlyInAnyOrder(IN_PERSON, VIDEO);
        assertThat(doctor.fees()).containsExactlyInAnyOrderEntriesOf(Map.of(IN_PERSON, VISIT_FEE, VIDEO, VIDEO_FEE));
    }

    @Test
    void aPlatformEditLeavesWhatItDoesNotMention() {
        Doctor doctor = practisingDoctor();

        doctor.editAsPlatform(null, null, null, null, null, null);

        assertThat(doctor.name()).isEqualTo("Dr. Ada Roth");
        assertThat(doctor.licenceNumber()).isEqualTo("LIC-1");
        assertThat(doctor.specialties()).containsExactly("cardiology");
        assertThat(doctor.zone()).isEqualTo(BERLIN);
        assertThat(doctor.consultationTypes()).containsExactlyInAnyOrder(IN_PERSON, VIDEO);
    }

    @Test
    void aPlatformEditKeepsTheProfileValid() {
        Doctor doctor = practisingDoctor();

        assertBadInput(() -> doctor.editAsPlatform(" ", null, null, null, null, null), "name");
        assertBadInput(() -> doctor.editAsPlatform(null, "", null, null, null, null), "licenceNumber");
        assertProfileInvalid(() -> doctor.editAsPlatform(null, null, Set.of(), null, null, null), "specialty");
        assertThat(doctor.name()).isEqualTo("Dr. Ada Roth");
        assertThat(doctor.licenceNumber()).isEqualTo("LIC-1");
        assertThat(doctor.specialties()).containsExactly("cardiology");
    }

    @Test
    void narrowingTheConsultationTypesDropsTheirFees() {
        Doctor doctor = practisingDoctor();

        doctor.editAsPlatform(null, null, null, null, Set.of(VIDEO), null);

        assertThat(doctor.consultationTypes()).containsExactly(VIDEO);
        assertThat(doctor.fees()).containsExactlyEntriesOf(Map.of(VIDEO, VIDEO_FEE));
        assertThat(doctor.feeFor(IN_PERSON)).isEmpty();
    }

    @Test
    void newFeesAloneApplyToTheTypesAlreadyOffered() {
        Doctor doctor = practisingDoctor();
        Money higher = new Money(7000, "EUR");

        doctor.editAsPlatform(null, null, null, null, null, Map.of(IN_PERSON, higher, VIDEO, VIDEO_FEE));

        assertThat(doctor.consultationTypes()).containsExactlyInAnyOrder(IN_PERSON, VIDEO);
        assertThat(doctor.feeFor(IN_PERSON)).contains(higher);
    }

    @Test
    void aNewTypeNeedsAFeeAndInPersonNeedsALocation() {
        Doctor doctor = videoDoctor();

        assertProfileInvalid(() -> doctor.editAsPlatform(null, null, null, null, Set.of(VIDEO, IN_PERSON), null),
                "IN_PERSON has none");
        assertProfileInvalid(() -> doctor.editAsPlatform(null, null, null, null, Set.of(IN_PERSON),
                Map.of(IN_PERSON, VISIT_FEE)), "practice location");
        assertProfileInvalid(() -> doctor.editAsPlatform(null, null, null, null, Set.of(), null), "consultation type");
        assertThat(doctor.consultationTypes()).containsExactly(VIDEO);

        doctor.addLocation(PRAXIS);
        doctor.editAsPlatform(null, null, null, null, Set.of(IN_PERSON), Map.of(IN_PERSON, VISIT_FEE));

        assertThat(doctor.consultationTypes()).containsExactly(IN_PERSON);
        assertThat(doctor.fees()).containsExactlyEntriesOf(Map.of(IN_PERSON, VISIT_FEE));
    }

    // ---------------------------------------------------------------- locations

    @Test
    void locationsAreAddedFoundAndReplaced() {
        Doctor doctor = practisingDoctor();
        Location second = Location.unresolved(UUID.fromString("00000000-0000-0000-0000-0000000000a2"), "Praxis Wedding",
                "Müllerstr. 9, Berlin", "not found");

        doctor.addLocation(second);
        assertThat(doctor.locations()).containsExactly(PRAXIS, second);
        assertThat(doctor.location(second.id())).isEqualTo(second);

        Location geocoded = Location.resolved(second.id(), "Praxis Wedding", "Müllerstr. 9, Berlin", 52.55, 13.35,
                GeocodeStatus.MANUAL);
        doctor.replaceLocation(geocoded);

        assertThat(doctor.locations()).containsExactly(PRAXIS, geocoded);
        assertThat(doctor.location(second.id()).hasCoordinates()).isTrue();
    }

    @Test
    void anUnknownLocationIsNotFound() {
        Doctor doctor = practisingDoctor();
        Location unknown = Location.unresolved(UUID.randomUUID(), "Elsewhere", "Nowhere 1", "not found");

        assertThatThrownBy(() -> doctor.location(unknown.id()))
                .isInstanceOfSatisfying(MedbookException.class, e -> assertThat(e.kind()).isEqualTo(ProblemKind.NOT_FOUND));
        assertThatThrownBy(() -> doctor.replaceLocation(unknown))
                .isInstanceOfSatisfying(MedbookException.class, e -> assertThat(e.kind()).isEqualTo(ProblemKind.NOT_FOUND));
        assertThat(doctor.locations()).containsExactly(PRAXIS);
    }

    @Test
    void theLocationsShownCannotChangeTheDoctor() {
        Doctor doctor = practisingDoctor();

        assertThatThrownBy(() -> doctor.locations().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(doctor.locations()).containsExactly(PRAXIS);
    }
}
