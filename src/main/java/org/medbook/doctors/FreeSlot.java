package org.medbook.doctors;

import java.time.Instant;
import java.util.UUID;

/** A bookable slot. {@code locationId} is null for video consultations. */
public record FreeSlot(Instant start, Instant end, ConsultationType type, UUID locationId) {
}
