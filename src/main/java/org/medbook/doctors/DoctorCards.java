package org.medbook.doctors;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What a list kept by another module (bookings) shows of its doctors: one question for the whole page,
 * answered in one statement.
 */
public interface DoctorCards {

    /** The doctors among {@code doctorIds} that exist, by id, each with all their practice locations. */
    Map<UUID, Card> cardsOf(Set<UUID> doctorIds);

    record Card(UUID id, String name, Map<UUID, Practice> practices) {
    }

    record Practice(UUID id, String name, String address) {
    }
}
