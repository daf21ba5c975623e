package org.medbook.identity.infrastructure;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.medbook.identity.UserId;
import org.medbook.identity.domain.Passkey;
import org.medbook.identity.domain.Passkeys;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcPasskeys implements Passkeys {

    private static final String COLUMNS = """
            id, credential_id, user_id, label, public_key_cose, sign_count, transports, uv_initialized,
            backup_eligible, backup_state, attestation_object, attestation_client_data_json, created_at, last_used_at
            """;

    private final JdbcClient jdbc;

    JdbcPasskeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public byte[] userHandle(UserId userId, byte[] fresh) {
        jdbc.sql("INSERT INTO staff_passkey_users (user_id, user_handle) VALUES (:user, :handle) ON CONFLICT (user_id) DO NOTHING")
                .param("user", userId.value()).param("handle", fresh).update();
        return handleOf(userId).orElseThrow();
    }

    @Override
    public Optional<UserId> userOfHandle(byte[] userHandle) {
        return jdbc.sql("SELECT user_id FROM staff_passkey_users WHERE user_handle = :handle")
                .param("handle", userHandle).query(UUID.class).optional().map(UserId::new);
    }

    @Override
    public Optional<byte[]> handleOf(UserId userId) {
        return jdbc.sql("SELECT user_handle FROM staff_passkey_users WHERE user_id = :user")
                .param("user", userId.value()).query(byte[].class).optional();
    }

    @Override
    public void add(Passkey passkey) {
        jdbc.sql("""
                INSERT INTO staff_passkeys (id, credential_id, user_id, label, public_key_cose, sign_count, transports,
                    uv_initialized, backup_eligible, backup_state, attestation_object, attestation_client_data_json,
                    created_at, last_used_at)
                VALUES (:id, :credentialId, :user, :label, :publicKey, :signCount, :transports, :uv, :be, :bs,
                    :attestation, :clientData, :createdAt, :lastUsedAt)
                """)
                .param("id", passkey.id())
                .param("credentialId", passkey.credentialId())
                .param("user", passkey.userId().value())
                .param("label", passkey.label())
                .param("publicKey", passkey.publicKeyCose())
                .param("signCount", passkey.signCount())
                .param("transports", passkey.transports().stream().sorted().toArray(String[]::new))
                .param("uv", passkey.uvInitialized())
                .param("be", passkey.backupEligible())
                .param("bs", passkey.backupState())
                .param("attestation", passkey.attestationObject())
                .param("clientData", passkey.attestationClientDataJson())
                .param("createdAt", JdbcUsers.utc(passkey.createdAt()))
                .param("lastUsedAt", passkey.lastUsedAt() == null ? null : JdbcUsers.utc(passkey.lastUsedAt()))
                .update();
    }

    @Override
    public Optional<Passkey> findByCredentialId(byte[] credentialId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM staff_passkeys WHERE credential_id = :id")
                .param("id", credentialId).query(JdbcPasskeys::passkey).optional();
    }

    @Override
    public Optional<Passkey> lockByCredentialId(byte[] credentialId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM staff_passkeys WHERE credential_id = :id FOR UPDATE")
                .param("id", credentialId).query(JdbcPasskeys::passkey).optional();
    }

    @Override
    public void recordUse(Passkey used) {
        jdbc.sql("UPDATE staff_passkeys SET sign_count = :count, last_used_at = :at WHERE id = :id")
                .param("count", used.signCount()).param("at", JdbcUsers.utc(used.lastUsedAt())).param("id", used.id())
                .update();
    }

    @Override
    public List<Passkey> of(UserId userId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM staff_passkeys WHERE user_id = :user ORDER BY created_at, id")
                .param("user", userId.value()).query(JdbcPasskeys::passkey).list();
    }

    @Override
    public boolean hasAny(UserId userId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM staff_passkeys WHERE user_id = :user)")
                .param("user", userId.value()).query(Boolean.class).single();
    }

    @Override
    public boolean delete(UserId userId, UUID passkeyId) {
        return jdbc.sql("DELETE FROM staff_passkeys WHERE id = :id AND user_id = :user")
                .param("id", passkeyId).param("user", userId.value()).update() == 1;
    }

    @Override
    public int deleteAll(UserId userId) {
        return jdbc.sql("DELETE FROM staff_passkeys WHERE user_id = :user").param("user", userId.value()).update();
    }

    @Override
    public void forgetUserHandle(UserId userId) {
        jdbc.sql("DELETE FROM staff_passkey_users WHERE user_id = :user").param("user", userId.value()).update();
    }

    private static Passkey passkey(ResultSet rs, int row) throws SQLException {
        Array transports = rs.getArray("transports");
        return new Passkey(rs.getObject("id", UUID.class), rs.getBytes("credential_id"),
                new UserId(rs.getObject("user_id", UUID.class)), rs.getString("label"), rs.getBytes("public_key_cose"),
                rs.getLong("sign_count"), new HashSet<>(Arrays.asList((String[]) transports.getArray())),
                rs.getBoolean("uv_initialized"), rs.getBoolean("backup_eligible"), rs.getBoolean("backup_state"),
                rs.getBytes("attestation_object"), rs.getBytes("attestation_client_data_json"),
                JdbcUsers.instant(rs, "created_at"), JdbcUsers.instant(rs, "last_used_at"));
    }
}
