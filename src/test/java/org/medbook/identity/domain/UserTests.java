package org.medbook.identity.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.medbook.identity.Permission;
import org.medbook.identity.Role;
import org.medbook.identity.UserId;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserTests {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant LATER = NOW.plusSeconds(600);

    private static User helper(Set<Permission> permissions) {
        return User.createStaff(UserId.random(), "helper@example.org", "Helper", Role.HELPER, permissions, "hash",
                NOW.plusSeconds(3600), NOW);
    }

    @Test
    void anAdminHoldsEveryPermission() {
        User admin = User.createStaff(UserId.random(), "a@example.org", "A", Role.ADMIN, Set.of(), "hash", null, NOW);

        assertThat(admin.permissions()).isEqualTo(EnumSet.allOf(Permission.class));
    }

    @Test
    void aHelperHoldsOnlyWhatWasGranted() {
        User helper = helper(Set.of(Permission.USERS_READ));

        assertThat(helper.permissions()).containsExactly(Permission.USERS_READ);

        helper.replacePermissions(Set.of(Permission.CONTENT_MANAGE), NOW);
        assertThat(helper.permissions()).containsExactly(Permission.CONTENT_MANAGE);
    }

    @Test
    void patientsAndDoctorsAreNeverGrantedPermissions() {
        User patient = User.registerPatient(UserId.random(), new Destination.Email("p@example.org"), NOW);

        assertThat(patient.permissions()).isEmpty();
        assertThatThrownBy(() -> patient.replacePermissions(Set.of(Permission.USERS_READ), NOW))
                .isInstanceOf(MedbookException.class).hasFieldOrPropertyWithValue("slug", "permissions-not-applicable");
        assertThatThrownBy(() -> User.createStaff(UserId.random(), "d@example.org", "D", Role.DOCTOR,
                Set.of(Permission.USERS_READ), "hash", null, NOW)).isInstanceOf(MedbookException.class);
    }

    @Test
    void aNewStaffAccountMustChangeItsTemporaryPasswordBeforeItExpires() {
        User helper = helper(Set.of());

        assertThat(helper.passwordChangeRequired()).isTrue();
        assertThat(helper.temporaryPasswordExpired(NOW.plusSeconds(3599))).isFalse();
        assertThat(helper.temporaryPasswordExpired(NOW.plusSeconds(3600))).isTrue();

        helper.changePassword("new-hash", NOW);
        assertThat(helper.passwordChangeRequired()).isFalse();
        assertThat(helper.temporaryPasswordExpired(NOW.plusSeconds(999_999))).isFalse();
    }

    @Test
    void patientsHaveNoPassword() {
        User patient = User.registerPatient(UserId.random(), new Destination.Phone("+493012345678"), NOW);

        assertThatThrownBy(() -> patient.changePassword("hash", NOW)).isInstanceOf(MedbookException.class);
    }

    @Test
    void suspensionAndReactivationRefuseTheWrongState() {
        User patient = User.registerPatient(UserId.random(), new Destination.Email("p@example.org"), NOW);

        patient.suspend(NOW);
        assertThat(patient.isActive()).isFalse();
        assertThatThrownBy(patient::ensureActive).hasFieldOrPropertyWithValue("slug", "account-suspended");
        assertThatThrownBy(() -> patient.suspend(NOW)).hasFieldOrPropertyWithValue("slug", "already-suspended");

        patient.reactivate(NOW);
        assertThat(patient.isActive()).isTrue();
        assertThatThrownBy(() -> patient.reactivate(NOW)).hasFieldOrPropertyWithValue("slug", "already-active");
    }

    @Test
    void aDateOfBirthCannotBeInTheFuture() {
        User patient = User.registerPatient(UserId.random(), new Destination.Email("p@example.org"), NOW);

        assertThatThrownBy(() -> patient.updateProfile(null, LocalDate.of(2027, 1, 1), null, NOW))
                .hasFieldOrPropertyWithValue("slug", "invalid-date-of-birth");
        patient.updateProfile("Ann", LocalDate.of(1990, 2, 3), "de", NOW);
        assertThat(patient.dateOfBirth()).contains(LocalDate.of(1990, 2, 3));
        assertThat(patient.name()).contains("Ann");
    }

    @Test
    void aGoogleLinkCannotBeSwappedForAnotherGoogleAccount() {
        User patient = User.registerGooglePatient(UserId.random(), "google-1", "p@example.org", "P", NOW);

        patient.linkGoogle("google-1", NOW);
        assertThatThrownBy(() -> patient.linkGoogle("google-2", NOW)).hasFieldOrPropertyWithValue("slug", "google-account-mismatch");
    }

    @Test
    void aPatientRegistersWithTheVerifiedEmailOrPhoneAndNoPassword() {
        UserId id = UserId.random();
        User byEmail = User.registerPatient(id, new Destination.Email("p@example.org"), NOW);
        User byPhone = User.registerPatient(UserId.random(), new Destination.Phone("+493012345678"), NOW);

        assertThat(byEmail.id()).isEqualTo(id);
        assertThat(byEmail.roles()).containsExactly(Role.PATIENT);
        assertThat(byEmail.status()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(byEmail.email()).contains("p@example.org");
        assertThat(byEmail.phone()).isEmpty();
        assertThat(byEmail.passwordHash()).isEmpty();
        assertThat(byEmail.isStaff()).isFalse();
        assertThat(byEmail.createdAt()).isEqualTo(NOW);
        assertThat(byEmail.updatedAt()).isEqualTo(NOW);
        assertThat(byEmail.version()).isZero();
        assertThat(byPhone.phone()).contains("+493012345678");
        assertThat(byPhone.email()).isEmpty();
    }

    @Test
    void aGooglePatientIsLinkedToItsGoogleAccount() {
        User patient = User.registerGooglePatient(UserId.random(), "google-1", "p@example.org", "Pat", NOW);

        assertThat(patient.googleSubject()).contains("google-1");
        assertThat(patient.email()).contains("p@example.org");
        assertThat(patient.name()).contains("Pat");
        assertThat(patient.roles()).containsExactly(Role.PATIENT);
    }

    @Test
    void aPatientWithoutGoogleCanLinkIt() {
        User patient = User.registerPatient(UserId.random(), new Destination.Email("p@example.org"), NOW);

        patient.linkGoogle("google-7", LATER);

        assertThat(patient.googleSubject()).contains("google-7");
        assertThat(patient.updatedAt()).isEqualTo(LATER);
    }

    @Test
    void aStaffAccountHoldsItsTemporaryPassword() {
        Instant expires = NOW.plusSeconds(86_400);
        User doctor = User.createStaff(UserId.random(), "d@example.org", "Dr. D", Role.DOCTOR, Set.of(), "temp-hash",
                expires, NOW);

        assertThat(doctor.roles()).containsExactly(Role.DOCTOR);
        assertThat(doctor.isStaff()).isTrue();
        assertThat(doctor.email()).contains("d@example.org");
        assertThat(doctor.name()).contains("Dr. D");
        assertThat(doctor.passwordHash()).contains("temp-hash");
        assertThat(doctor.passwordChangeRequired()).isTrue();
        assertThat(doctor.passwordExpiresAt()).contains(expires);
        assertThat(doctor.permissions()).isEmpty();
    }

    @Test
    void staffAccountsAreForStaffRolesAndOnlyHelpersGetIndividualPermissions() {
        assertThatThrownBy(() -> User.createStaff(UserId.random(), "p@example.org", "P", Role.PATIENT, Set.of(), "hash",
                null, NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> User.createStaff(UserId.random(), "a@example.org", "A", Role.ADMIN,
                Set.of(Permission.USERS_READ), "hash", null, NOW))
                .isInstanceOfSatisfying(MedbookException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProblemKind.RULE_BROKEN);
                    assertThat(e.slug()).isEqualTo("permissions-not-applicable");
                });
        assertThat(helper(Set.of(Permission.USERS_READ, Permission.AUDIT_READ)).grantedPermissions())
                .containsExactlyInAnyOrder(Permission.USERS_READ, Permission.AUDIT_READ);
    }

    @Test
    void aStoredUserIsRebuiltAsItWasSaved() {
        UserId id = UserId.random();
        User user = User.builder(id, Set.of(Role.HELPER), NOW).status(AccountStatus.SUSPENDED)
                .grantedPermissions(Set.of(Permission.REPORTS_READ)).email("h@example.org").phone("+493012345678")
                .name("Hel").dateOfBirth(LocalDate.of(1980, 5, 6)).preferredLanguage("de").googleSubject("google-3")
                .passwordHash("hash").passwordChangeRequired(true).passwordExpiresAt(LATER).updatedAt(LATER)
                .version(7).build();

        assertThat(user.id()).isEqualTo(id);
        assertThat(user.roles()).containsExactly(Role.HELPER);
        assertThat(user.status()).isEqualTo(AccountStatus.SUSPENDED);
        assertThat(user.isActive()).isFalse();
        assertThat(user.permissions()).containsExactly(Permission.REPORTS_READ);
        assertThat(user.email()).contains("h@example.org");
        assertThat(user.phone()).contains("+493012345678");
        assertThat(user.name()).contains("Hel");
        assertThat(user.dateOfBirth()).contains(LocalDate.of(1980, 5, 6));
        assertThat(user.preferredLanguage()).contains("de");
        assertThat(user.googleSubject()).contains("google-3");
        assertThat(user.passwordHash()).contains("hash");
        assertThat(user.passwordChangeRequired()).isTrue();
        assertThat(user.passwordExpiresAt()).contains(LATER);
        assertThat(user.createdAt()).isEqualTo(NOW);
        assertThat(user.updatedAt()).isEqualTo(LATER);
        assertThat(user.version()).isEqualTo(7);
    }

    @Test
    void aUserHasAtLeastOneRole() {
        assertThatThrownBy(() -> User.builder(UserId.random(), Set.of(), NOW).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDoctorHoldsNoBackOfficePermissionsWhateverWasStored() {
        User doctor = User.builder(UserId.random(), Set.of(Role.DOCTOR), NOW)
                .grantedPermissions(Set.of(Permission.USERS_MANAGE)).build();

        assertThat(doctor.permissions()).isEmpty();
    }

    @Test
    void stateChangesRecordWhenTheyHappened() {
        User helper = helper(Set.of());

        helper.replacePermissions(Set.of(Permission.USERS_READ), LATER);
        assertThat(helper.updatedAt()).isEqualTo(LATER);

        helper.suspend(LATER.plusSeconds(1));
        assertThat(helper.status()).isEqualTo(AccountStatus.SUSPENDED);
        assertThat(helper.updatedAt()).isEqualTo(LATER.plusSeconds(1));

        helper.reactivate(LATER.plusSeconds(2));
        assertThat(helper.status()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(helper.updatedAt()).isEqualTo(LATER.plusSeconds(2));
    }

    @Test
    void anActiveAccountPassesTheActivityCheck() {
        User patient = User.registerPatient(UserId.random(), new Destination.Email("p@example.org"), NOW);

        patient.ensureActive();

        assertThat(patient.isActive()).isTrue();
    }

    @Test
    void aChosenPasswordEndsTheTemporaryOne() {
        User helper = helper(Set.of());

        helper.changePassword("chosen-hash", LATER);

        assertThat(helper.passwordHash()).contains("chosen-hash");
        assertThat(helper.passwordChangeRequired()).isFalse();
        assertThat(helper.passwordExpiresAt()).isEmpty();
        assertThat(helper.updatedAt()).isEqualTo(LATER);
    }

    @Test
    void rehashingKeepsTheTemporaryPasswordState() {
        User helper = helper(Set.of());

        helper.rehashPassword("argon2-hash", LATER);

        assertThat(helper.passwordHash()).contains("argon2-hash");
        assertThat(helper.passwordChangeRequired()).isTrue();
        assertThat(helper.passwordExpiresAt()).contains(NOW.plusSeconds(3600));
        assertThat(helper.updatedAt()).isEqualTo(LATER);
    }

    @Test
    void aResetIssuesAFreshTemporaryPassword() {
        User helper = helper(Set.of());
        helper.changePassword("chosen-hash", NOW);
        Instant expires = LATER.plusSeconds(3600);

        helper.issueTemporaryPassword("reset-hash", expires, LATER);

        assertThat(helper.passwordHash()).contains("reset-hash");
        assertThat(helper.passwordChangeRequired()).isTrue();
        assertThat(helper.passwordExpiresAt()).contains(expires);
        assertThat(helper.updatedAt()).isEqualTo(LATER);
        assertThat(helper.temporaryPasswordExpired(expires.minusSeconds(1))).isFalse();
        assertThat(helper.temporaryPasswordExpired(expires)).isTrue();
    }

    @Test
    void aPatientsPasswordIsNeitherRehashedNorReset() {
        User patient = User.registerPatient(UserId.random(), new Destination.Email("p@example.org"), NOW);

        assertThatThrownBy(() -> patient.rehashPassword("hash", NOW)).hasFieldOrPropertyWithValue("slug", "no-password");
        assertThatThrownBy(() -> patient.issueTemporaryPassword("hash", LATER, NOW))
                .hasFieldOrPropertyWithValue("slug", "no-password");
        assertThat(patient.passwordHash()).isEmpty();
    }

    @Test
    void aTemporaryPasswordWithoutExpiryNeverExpires() {
        User admin = User.createStaff(UserId.random(), "a@example.org", "A", Role.ADMIN, Set.of(), "hash", null, NOW);

        assertThat(admin.temporaryPasswordExpired(NOW.plusSeconds(999_999))).isFalse();
    }

    @Test
    void aChosenPasswordWithAStoredExpiryDoesNotExpire() {
        User helper = User.builder(UserId.random(), Set.of(Role.HELPER), NOW).passwordHash("hash")
                .passwordChangeRequired(false).passwordExpiresAt(NOW).build();

        assertThat(helper.temporaryPasswordExpired(LATER)).isFalse();
    }

    @Test
    void aProfileUpdateStripsTheNameAndClearsItWhenBlank() {
        User patient = User.registerPatient(UserId.random(), new Destination.Email("p@example.org"), NOW);

        patient.updateProfile("  Ann Lee ", null, "fr", LATER);
        assertThat(patient.name()).contains("Ann Lee");
        assertThat(patient.preferredLanguage()).contains("fr");
        assertThat(patient.updatedAt()).isEqualTo(LATER);

        patient.updateProfile(null, null, null, LATER);
        assertThat(patient.name()).contains("Ann Lee");
        assertThat(patient.preferredLanguage()).contains("fr");

        patient.updateProfile(" ", null, null, LATER);
        assertThat(patient.name()).isEmpty();
    }

    @Test
    void aDateOfBirthMayBeTodayInUtc() {
        User patient = User.registerPatient(UserId.random(), new Destination.Email("p@example.org"), NOW);

        patient.updateProfile(null, LocalDate.of(2026, 3, 1), null, NOW);

        assertThat(patient.dateOfBirth()).contains(LocalDate.of(2026, 3, 1));
        assertThatThrownBy(() -> patient.updateProfile(null, LocalDate.of(2026, 3, 2), null, NOW))
                .hasFieldOrPropertyWithValue("slug", "invalid-date-of-birth");
        assertThat(patient.dateOfBirth()).contains(LocalDate.of(2026, 3, 1));
    }

    @Test
    void aVerifiedNewContactReplacesTheOldOne() {
        User patient = User.registerPatient(UserId.random(), new Destination.Email("p@example.org"), NOW);

        patient.changeContact(new Destination.Phone("+4915112345678"), LATER);
        assertThat(patient.phone()).contains("+4915112345678");
        assertThat(patient.email()).contains("p@example.org");
        assertThat(patient.updatedAt()).isEqualTo(LATER);

        patient.changeContact(new Destination.Email("new@example.org"), LATER.plusSeconds(1));
        assertThat(patient.email()).contains("new@example.org");
        assertThat(patient.updatedAt()).isEqualTo(LATER.plusSeconds(1));
    }
}
