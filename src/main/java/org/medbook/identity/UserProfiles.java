package org.medbook.identity;

import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Who the people on a page are, for lists kept by other modules (bookings): one question for the whole
 * page, answered in one statement. Erased accounts are left out, so they are never named again.
 */
public interface UserProfiles {

    /** The profiles of the users among {@code ids} that exist and are not erased, by id. */
    Map<UUID, Profile> profilesOf(Set<UUID> ids);

    /**
     * @param phone       a phone number the user proved by a code (E.164), if any
     * @param dateOfBirth the date of birth the user gave, if any
     */
    record Profile(UUID id, String name, String phone, LocalDate dateOfBirth) {
    }
}
