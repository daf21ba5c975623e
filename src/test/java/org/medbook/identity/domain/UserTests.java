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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserTests {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

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
}
