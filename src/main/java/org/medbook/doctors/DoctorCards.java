package org.medbook.doctors;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What a list kept by another module shows of its doctors (the bookings of a page, the notices of a
 * batch): one question for all of them, answered in one statement.
 */
public interface DoctorCards {

    /** The doctors among {@code doctorIds} that exist, by id, each with their zone and all their practice locations. */
    Map<UUID, Card> cardsOf(Set<UUID> doctorIds);

    record Card(UUID id, String name, java.time.ZoneId zone, Map<UUID, Practice> practices) {
    }

    record Practice(UUID id, String name, String address) {
    }
}
