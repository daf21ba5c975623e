package org.medbook.identity.infrastructure;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.medbook.identity.Permission;
import org.medbook.identity.Role;
import org.medbook.identity.UserId;
import org.medbook.identity.domain.AccountStatus;
import org.medbook.identity.domain.Destination;
import org.medbook.identity.domain.User;
import org.medbook.identity.domain.Users;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.medbook.shared.crypto.FieldCipher;
import org.medbook.shared.crypto.LookupHasher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Users in PostgreSQL; phone and date of birth are stored encrypted, the phone also as a keyed hash. */
@Repository
class JdbcUsers implements Users {

    static final String PHONE_HASH_PURPOSE = "users.phone";

    private final JdbcClient jdbc;
    private final FieldCipher cipher;
    private final LookupHasher hasher;

    JdbcUsers(JdbcClient jdbc, FieldCipher cipher, LookupHasher hasher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.hasher = hasher;
    }

    @Override
    public Optional<User> findById(UserId id) {
        return jdbc.sql("SELECT * FROM users WHERE id = :id").param("id", id.value()).query(this::map).optional();
    }

    @Override
    public Optional<User> findByEmail(String normalisedEmail) {
        return jdbc.sql("SELECT * FROM users WHERE email = :email").param("email", normalisedEmail).query(this::map)
                .optional();
    }

    @Override
    public Optional<User> findByPhone(String e164) {
        return jdbc.sql("SELECT * FROM users WHERE phone_hash = :hash")
                .param("hash", hasher.hash(PHONE_HASH_PURPOSE, e164)).query(this::map).optional();
    }

    @Override
    public Optional<User> findByGoogleSubject(String subject) {
        return jdbc.sql("SELECT * FROM users WHERE google_subject = :subject").param("subject", subject)
                .query(this::map).optional();
    }

    @Override
    public Optional<User> findByDestination(Destination destination) {
        return switch (destination) {
            case Destination.Email email -> findByEmail(email.value());
            case Destination.Phone phone -> findByPhone(phone.value());
        };
    }

    @Override
    public boolean anyAdmin() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM users WHERE roles @> ARRAY['ADMIN'])").query(Boolean.class).single();
    }

    @Override
    public List<UserId> lockActiveAdmins() {
        return jdbc.sql("""
                SELECT id FROM users WHERE roles @> ARRAY['ADMIN'] AND status = 'ACTIVE' AND erased_at IS NULL
                ORDER BY id FOR UPDATE
                """).query(UUID.class).list().stream().map(UserId::new).toList();
    }

    @Override
    public void add(User user) {
        try {
            bind(jdbc.sql("""
                    INSERT INTO users (id, status, roles, permissions, email, email_verified, phone_hash, phone_enc, name,
                                       date_of_birth_enc, preferred_language, google_subject, password_hash,
                                       password_change_required, password_expires_at, created_at, updated_at, version)
                    VALUES (:id, :status, :roles, :permissions, :email, :emailVerified, :phoneHash, :phoneEnc, :name,
                            :dobEnc, :language, :googleSubject, :passwordHash, :passwordChangeRequired,
                            :passwordExpiresAt, :createdAt, :updatedAt, 0)
                    """), user).update();
        } catch (DuplicateKeyException e) {
            throw conflict(e);
        }
    }

    @Override
    public void erase(UserId id, Instant now) {
        jdbc.sql("""
                UPDATE users SET status = 'SUSPENDED', permissions = '{}', email = NULL, email_verified = false,
                       phone_hash = NULL, phone_enc = NULL, name = NULL, date_of_birth_enc = NULL,
                       preferred_language = NULL, google_subject = NULL, password_hash = NULL,
                       password_change_required = false, password_expires_at = NULL, erased_at = :now,
                       updated_at = :now, version = version + 1
                WHERE id = :id
                """).param("id", id.value()).param("now", now.atOffset(ZoneOffset.UTC)).update();
    }

    @Override
    public void update(User user) {
        int updated;
        try {
            updated = bind(jdbc.sql("""
                    UPDATE users SET status = :status, roles = :roles, permissions = :permissions, email = :email,
                           email_verified = :emailVerified, phone_hash = :phoneHash, phone_enc = :phoneEnc, name = :name,
                           date_of_birth_enc = :dobEnc, preferred_language = :language, google_subject = :googleSubject,
                           password_hash = :passwordHash, password_change_required = :passwordChangeRequired,
                           password_expires_at = :passwordExpiresAt, updated_at = :updatedAt, version = version + 1
                    WHERE id = :id AND version = :version
                    """), user).param("version", user.version()).update();
        } catch (DuplicateKeyException e) {
            throw conflict(e);
        }
        if (updated == 0) {
            throw new MedbookException(ProblemKind.CONFLICT, "stale-version",
                    "The account was changed by someone else meanwhile; reload and try again");
        }
    }

    private JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec, User user) {
        String id = user.id().toString();
        return spec.param("id", user.id().value())
                .param("status", user.status().name())
                .param("roles", user.roles().stream().map(Role::name).sorted().toArray(String[]::new))
                .param("permissions", user.grantedPermissions().stream().map(Permission::code).sorted().toArray(String[]::new))
                .param("email", user.email().orElse(null))
                .param("emailVerified", user.email().isPresent())
                .param("phoneHash", user.phone().map(phone -> hasher.hash(PHONE_HASH_PURPOSE, phone)).orElse(null))
                .param("phoneEnc", user.phone().map(phone -> cipher.encrypt(phone, "users.phone:" + id)).orElse(null))
                .param("name", user.name().orElse(null))
                .param("dobEnc", user.dateOfBirth().map(dob -> cipher.encrypt(dob.toString(), "users.dob:" + id)).orElse(null))
                .param("language", user.preferredLanguage().orElse(null))
                .param("googleSubject", user.googleSubject().orElse(null))
                .param("passwordHash", user.passwordHash().orElse(null))
                .param("passwordChangeRequired", user.passwordChangeRequired())
                .param("passwordExpiresAt", user.passwordExpiresAt().map(JdbcUsers::utc).orElse(null))
                .param("createdAt", utc(user.createdAt()))
                .param("updatedAt", utc(user.updatedAt()));
    }

    private User map(ResultSet rs, int row) throws SQLException {
        UUID uuid = rs.getObject("id", UUID.class);
        String id = uuid.toString();
        byte[] phoneEnc = rs.getBytes("phone_enc");
        byte[] dobEnc = rs.getBytes("date_of_birth_enc");
        Set<Role> roles = strings(rs.getArray("roles")).stream().map(Role::valueOf).collect(Collectors.toSet());
        Set<Permission> permissions = strings(rs.getArray("permissions")).stream().map(Permission::fromCode)
                .flatMap(Optional::stream).collect(Collectors.toCollection(() -> EnumSet.noneOf(Permission.class)));
        return User.builder(new UserId(uuid), roles, instant(rs, "created_at"))
                .status(AccountStatus.valueOf(rs.getString("status")))
                .grantedPermissions(permissions)
                .email(rs.getString("email"))
                .phone(phoneEnc == null ? null : cipher.decrypt(phoneEnc, "users.phone:" + id))
                .name(rs.getString("name"))
                .dateOfBirth(dobEnc == null ? null : LocalDate.parse(cipher.decrypt(dobEnc, "users.dob:" + id)))
                .preferredLanguage(rs.getString("preferred_language"))
                .googleSubject(rs.getString("google_subject"))
                .passwordHash(rs.getString("password_hash"))
                .passwordChangeRequired(rs.getBoolean("password_change_required"))
                .passwordExpiresAt(instant(rs, "password_expires_at"))
                .updatedAt(instant(rs, "updated_at"))
                .version(rs.getInt("version"))
                .build();
    }

    private static java.util.List<String> strings(Array array) throws SQLException {
        return array == null ? java.util.List.of() : Arrays.asList((String[]) array.getArray());
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static MedbookException conflict(DuplicateKeyException e) {
        String message = String.valueOf(e.getMostSpecificCause().getMessage());
        if (message.contains("users_phone_hash_uq")) {
            return new MedbookException(ProblemKind.CONFLICT, "phone-in-use", "This phone number belongs to another account");
        }
        if (message.contains("users_google_subject_uq")) {
            return new MedbookException(ProblemKind.CONFLICT, "google-account-in-use",
                    "This Google account belongs to another account");
        }
        return new MedbookException(ProblemKind.CONFLICT, "email-in-use", "This e-mail address belongs to another account");
    }
}
