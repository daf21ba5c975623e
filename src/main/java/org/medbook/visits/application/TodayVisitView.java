package org.medbook.visits.application;

import java.time.Instant;
import java.util.UUID;

/** A doctor's video visit of today, with whether the patient waits to be admitted. */
public record TodayVisitView(UUID bookingId, UUID patientId, Instant start, Instant end, Instant opensAt,
                             Instant closesAt, String bookingStatus, String state, boolean patientWaiting,
                             String joinUrl) {
}
