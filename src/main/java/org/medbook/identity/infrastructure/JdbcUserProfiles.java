package org.medbook.identity.infrastructure;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.medbook.identity.UserProfiles;
import org.medbook.shared.crypto.FieldCipher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A page's profiles in one statement; phone and date of birth are decrypted only here. */
@Repository
class JdbcUserProfiles implements UserProfiles {

    private final JdbcClient jdbc;
    private final FieldCipher cipher;

    JdbcUserProfiles(JdbcClient jdbc, FieldCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    @Override
    public Map<UUID, Profile> profilesOf(Set<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<UUID, Profile> profiles = new HashMap<>();
        jdbc.sql("SELECT id, name, phone_enc, date_of_birth_enc FROM users WHERE id = ANY(:ids) AND erased_at IS NULL")
                .param("ids", ids.toArray(UUID[]::new))
                .query((rs, n) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    byte[] phone = rs.getBytes("phone_enc");
                    byte[] dob = rs.getBytes("date_of_birth_enc");
                    return new Profile(id, rs.getString("name"),
                            phone == null ? null : cipher.decrypt(phone, "users.phone:" + id),
                            dob == null ? null : LocalDate.parse(cipher.decrypt(dob, "users.dob:" + id)));
                })
                .list().forEach(profile -> profiles.put(profile.id(), profile));
        return profiles;
    }
}
