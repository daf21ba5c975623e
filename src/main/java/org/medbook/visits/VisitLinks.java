package org.medbook.visits;

import java.util.UUID;

/** Where the two people of a VIDEO booking join its visit, for e-mails and reminders. */
public interface VisitLinks {

    /** The absolute link of the visit page of a booking. */
    String joinUrl(UUID bookingId);
}
