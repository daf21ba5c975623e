package org.medbook.visits.application;

import java.util.UUID;

import org.springframework.stereotype.Component;

/** Tells the sender of a refused visit frame why, on their own queue; the other person hears nothing. */
@Component
public class VisitRefusals {

    private final VisitPushes pushes;

    VisitRefusals(VisitPushes pushes) {
        this.pushes = pushes;
    }

    public void tell(UUID userId, UUID bookingId, String problem, String detail) {
        pushes.refused(userId, bookingId, problem, detail);
    }
}
