/**
 * Video visits of VIDEO bookings: the window in which a visit may take place, short-lived TURN
 * credentials, WebRTC signaling over STOMP between the booking's two people only, the waiting room,
 * attendance, and the visit page served at the join link. Media flows between the browsers; Medbook
 * only signals. Other modules use {@link org.medbook.visits.VisitLinks} and listen to
 * {@link org.medbook.visits.VisitEvents}.
 */
@ApplicationModule(displayName = "Visits", allowedDependencies = {"shared :: *", "audit", "booking"})
package org.medbook.visits;

import org.springframework.modulith.ApplicationModule;
