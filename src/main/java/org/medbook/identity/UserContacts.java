package org.medbook.identity;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** How to reach users: for notifications, which must not read identity's tables themselves. */
public interface UserContacts {

    /**
     * The users among {@code ids} that exist, by id; a page of ids is one query. Erased accounts are left out:
     * nobody is to be notified or named through them any more.
     */
    Map<UUID, Contact> find(Collection<UUID> ids);

    /** Active staff holding a permission (administrators hold them all). */
    List<UUID> activeStaffWith(Permission permission);

    /**
     * @param email    the account's e-mail, if it has one
     * @param phone    a phone number the user proved by a code (E.164), if any
     * @param language the preferred language tag, if chosen
     */
    record Contact(UUID id, String name, String email, String phone, String language, Set<Role> roles, boolean active) {

        public boolean patient() {
            return roles.contains(Role.PATIENT);
        }
    }
}
