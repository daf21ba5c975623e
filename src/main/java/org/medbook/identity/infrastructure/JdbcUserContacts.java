package org.medbook.identity.infrastructure;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.medbook.identity.Permission;
import org.medbook.identity.Role;
import org.medbook.identity.UserContacts;
import org.medbook.shared.crypto.FieldCipher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Contacts read in one query per batch of users; the phone is decrypted only here. */
@Repository
class JdbcUserContacts implements UserContacts {

    private final JdbcClient jdbc;
    private final FieldCipher cipher;

    JdbcUserContacts(JdbcClient jdbc, FieldCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    @Override
    public Map<UUID, Contact> find(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<UUID, Contact> contacts = new LinkedHashMap<>();
        jdbc.sql("SELECT id, name, email, phone_enc, preferred_language, roles, status FROM users WHERE id = ANY(:ids) AND erased_at IS NULL")
                .param("ids", ids.toArray(UUID[]::new))
                .query(this::map).list()
                .forEach(contact -> contacts.put(contact.id(), contact));
        return contacts;
    }

    @Override
    public List<UUID> activeStaffWith(Permission permission) {
        return jdbc.sql("""
                        SELECT id FROM users
                        WHERE status = 'ACTIVE' AND (roles @> ARRAY['ADMIN'] OR (roles @> ARRAY['HELPER'] AND permissions @> ARRAY[CAST(:code AS text)]))
                        ORDER BY id""")
                .param("code", permission.code())
                .query(UUID.class).list();
    }

    private Contact map(ResultSet rs, int row) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        byte[] phone = rs.getBytes("phone_enc");
        Set<Role> roles = Arrays.stream((String[]) rs.getArray("roles").getArray()).map(Role::valueOf)
                .collect(Collectors.toUnmodifiableSet());
        return new Contact(id, rs.getString("name"), rs.getString("email"),
                phone == null ? null : cipher.decrypt(phone, "users.phone:" + id), rs.getString("preferred_language"),
                roles, "ACTIVE".equals(rs.getString("status")));
    }
}
