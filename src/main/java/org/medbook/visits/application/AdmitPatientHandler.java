package org.medbook.visits.application;

import org.springframework.stereotype.Component;

/** The doctor lets the waiting patient in; from then on the two signal to each other. */
@Component
public class AdmitPatientHandler {

    private final VisitChanges changes;

    AdmitPatientHandler(VisitChanges changes) {
        this.changes = changes;
    }

    public void handle(AdmitPatientCommand command) {
        changes.change(command.bookingId(), command.doctorId(),
                (visit, now) -> VisitChanges.Decision.of(visit.admit(command.doctorId(), now)));
    }
}
