package org.medbook.identity.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.medbook.identity.Permission;
import org.medbook.identity.Role;
import org.medbook.identity.UserId;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;

/** A person who can sign in: a patient, a doctor, an admin or a helper. */
public final class User {

    private final UserId id;
    private final Set<Role> roles;
    private final Instant createdAt;
    private AccountStatus status;
    private Set<Permission> grantedPermissions;
    private String email;
    private String phone;
    private String name;
    private LocalDate dateOfBirth;
    private String preferredLanguage;
    private String googleSubject;
    private String passwordHash;
    private boolean passwordChangeRequired;
    private Instant passwordExpiresAt;
    private Instant updatedAt;
    private final int version;

    private User(Builder b) {
        this.id = Objects.requireNonNull(b.id);
        this.roles = Set.copyOf(b.roles);
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a user has at least one role");
        }
        this.createdAt = Objects.requireNonNull(b.createdAt);
        this.status = Objects.requireNonNull(b.status);
        this.grantedPermissions = b.grantedPermissions.isEmpty() ? Set.of() : Set.copyOf(b.grantedPermissions);
        this.email = b.email;
        this.phone = b.phone;
        this.name = b.name;
        this.dateOfBirth = b.dateOfBirth;
        this.preferredLanguage = b.preferredLanguage;
        this.googleSubject = b.googleSubject;
        this.passwordHash = b.passwordHash;
        this.passwordChangeRequired = b.passwordChangeRequired;
        this.passwordExpiresAt = b.passwordExpiresAt;
        this.updatedAt = b.updatedAt == null ? b.createdAt : b.updatedAt;
        this.version = b.version;
    }

    public static User registerPatient(UserId id, Destination verified, Instant now) {
        Builder builder = builder(id, Set.of(Role.PATIENT), now);
        switch (verified) {
            case Destination.Email email -> builder.email(email.value());
            case Destination.Phone phone -> builder.phone(phone.value());
        }
        return builder.build();
    }

    public static User registerGooglePatient(UserId id, String subject, String verifiedEmail, String name, Instant now) {
        return builder(id, Set.of(Role.PATIENT), now).googleSubject(subject).email(verifiedEmail).name(name).build();
    }

    /** A staff account whose first password is temporary and must be replaced at first sign-in. */
    public static User createStaff(UserId id, String email, String name, Role role, Set<Permission> permissions,
            String temporaryPasswordHash, Instant temporaryPasswordExpiresAt, Instant now) {
        if (!role.isStaff()) {
            throw new IllegalArgumentException("staff accounts are for doctors, admins and helpers");
        }
        if (role != Role.HELPER && !permissions.isEmpty()) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "permissions-not-applicable",
                    "Only helpers are granted individual permissions; admins hold all of them");
        }
        return builder(id, Set.of(role), now).email(Objects.requireNonNull(email)).name(name)
                .grantedPermissions(permissions).passwordHash(temporaryPasswordHash).passwordChangeRequired(true)
                .passwordExpiresAt(temporaryPasswordExpiresAt).build();
    }

    public static Builder builder(UserId id, Set<Role> roles, Instant createdAt) {
        return new Builder(id, roles, createdAt);
    }

    /** What this user may do in the back office. */
    public Set<Permission> permissions() {
        if (roles.contains(Role.ADMIN)) {
            return EnumSet.allOf(Permission.class);
        }
        if (roles.contains(Role.HELPER)) {
            return grantedPermissions;
        }
        return Set.of();
    }

    public boolean isStaff() {
        return roles.stream().anyMatch(Role::isStaff);
    }

    public boolean isActive() {
        return status == AccountStatus.ACTIVE;
    }

    public void ensureActive() {
        if (!isActive()) {
            throw new MedbookException(ProblemKind.FORBIDDEN, "account-suspended", "This account is suspended");
        }
    }

    public void suspend(Instant now) {
        if (status == AccountStatus.SUSPENDED) {
            throw new MedbookException(ProblemKind.CONFLICT, "already-suspended", "The account is already suspended");
        }
        status = AccountStatus.SUSPENDED;
        updatedAt = now;
    }

    public void reactivate(Instant now) {
        if (status == AccountStatus.ACTIVE) {
            throw new MedbookException(ProblemKind.CONFLICT, "already-active", "The account is already active");
        }
        status = AccountStatus.ACTIVE;
        updatedAt = now;
    }

    public void replacePermissions(Set<Permission> permissions, Instant now) {
        if (!roles.contains(Role.HELPER)) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "permissions-not-applicable",
                    "Only helpers are granted individual permissions");
        }
        grantedPermissions = Set.copyOf(permissions);
        updatedAt = now;
    }

    /** A password chosen by the user; ends any temporary-password state. */
    public void changePassword(String newHash, Instant now) {
        ensureStaff();
        passwordHash = Objects.requireNonNull(newHash);
        passwordChangeRequired = false;
        passwordExpiresAt = null;
        updatedAt = now;
    }

    /** The same password, hashed again in today's form; nothing else about it changes. */
    public void rehashPassword(String hash, Instant now) {
        ensureStaff();
        passwordHash = Objects.requireNonNull(hash);
        updatedAt = now;
    }

    /** An admin-triggered reset: a fresh temporary password, sent to the user only. */
    public void issueTemporaryPassword(String hash, Instant expiresAt, Instant now) {
        ensureStaff();
        passwordHash = Objects.requireNonNull(hash);
        passwordChangeRequired = true;
        passwordExpiresAt = expiresAt;
        updatedAt = now;
    }

    public boolean temporaryPasswordExpired(Instant now) {
        return passwordChangeRequired && passwordExpiresAt != null && !now.isBefore(passwordExpiresAt);
    }

    public void linkGoogle(String subject, Instant now) {
        if (googleSubject != null && !googleSubject.equals(subject)) {
            throw new MedbookException(ProblemKind.CONFLICT, "google-account-mismatch",
                    "This account is linked to another Google account");
        }
        googleSubject = subject;
        updatedAt = now;
    }

    public void updateProfile(String name, LocalDate dateOfBirth, String preferredLanguage, Instant now) {
        if (name != null) {
            this.name = name.isBlank() ? null : name.strip();
        }
        if (dateOfBirth != null) {
            if (dateOfBirth.isAfter(LocalDate.ofInstant(now, java.time.ZoneOffset.UTC))) {
                throw new MedbookException(ProblemKind.RULE_BROKEN, "invalid-date-of-birth",
                        "The date of birth cannot be in the future");
            }
            this.dateOfBirth = dateOfBirth;
        }
        if (preferredLanguage != null) {
            this.preferredLanguage = preferredLanguage;
        }
        updatedAt = now;
    }

    /** Only after the new destination proved itself with a one-time code. */
    public void changeContact(Destination verified, Instant now) {
        switch (verified) {
            case Destination.Email email -> this.email = email.value();
            case Destination.Phone phone -> this.phone = phone.value();
        }
        updatedAt = now;
    }

    private void ensureStaff() {
        if (!isStaff()) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "no-password",
                    "Patients sign in with one-time codes or Google and have no password");
        }
    }

    public UserId id() { return id; }
    public Set<Role> roles() { return roles; }
    public AccountStatus status() { return status; }
    public Set<Permission> grantedPermissions() { return grantedPermissions; }
    public Optional<String> email() { return Optional.ofNullable(email); }
    public Optional<String> phone() { return Optional.ofNullable(phone); }
    public Optional<String> name() { return Optional.ofNullable(name); }
    public Optional<LocalDate> dateOfBirth() { return Optional.ofNullable(dateOfBirth); }
    public Optional<String> preferredLanguage() { return Optional.ofNullable(preferredLanguage); }
    public Optional<String> googleSubject() { return Optional.ofNullable(googleSubject); }
    public Optional<String> passwordHash() { return Optional.ofNullable(passwordHash); }
    public boolean passwordChangeRequired() { return passwordChangeRequired; }
    public Optional<Instant> passwordExpiresAt() { return Optional.ofNullable(passwordExpiresAt); }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
    public int version() { return version; }

    /** Rebuilds a stored user; only persistence adapters and factories use it. */
    public static final class Builder {
        private final UserId id;
        private final Set<Role> roles;
        private final Instant createdAt;
        private AccountStatus status = AccountStatus.ACTIVE;
        private Set<Permission> grantedPermissions = Set.of();
        private String email;
        private String phone;
        private String name;
        private LocalDate dateOfBirth;
        private String preferredLanguage;
        private String googleSubject;
        private String passwordHash;
        private boolean passwordChangeRequired;
        private Instant passwordExpiresAt;
        private Instant updatedAt;
        private int version;

        private Builder(UserId id, Set<Role> roles, Instant createdAt) {
            this.id = id;
            this.roles = roles;
            this.createdAt = createdAt;
        }

        public Builder status(AccountStatus value) { status = value; return this; }
        public Builder grantedPermissions(Set<Permission> value) { grantedPermissions = value; return this; }
        public Builder email(String value) { email = value; return this; }
        public Builder phone(String value) { phone = value; return this; }
        public Builder name(String value) { name = value; return this; }
        public Builder dateOfBirth(LocalDate value) { dateOfBirth = value; return this; }
        public Builder preferredLanguage(String value) { preferredLanguage = value; return this; }
        public Builder googleSubject(String value) { googleSubject = value; return this; }
        public Builder passwordHash(String value) { passwordHash = value; return this; }
        public Builder passwordChangeRequired(boolean value) { passwordChangeRequired = value; return this; }
        public Builder passwordExpiresAt(Instant value) { passwordExpiresAt = value; return this; }
        public Builder updatedAt(Instant value) { updatedAt = value; return this; }
        public Builder version(int value) { version = value; return this; }

        public User build() {
            return new User(this);
        }
    }
}
