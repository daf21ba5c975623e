package org.medbook.visits.application;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One person's view of a visit: when it is open, where to join, the ICE servers to use (only while
 * it is open) and where to send signals and read replies.
 */
public record VisitView(UUID bookingId, String role, Instant opensAt, Instant closesAt, String state, String joinUrl,
                        List<IceServers.IceServer> iceServers, String signalDestination, String replyQueue) {
}
