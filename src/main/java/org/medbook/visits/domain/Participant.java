package org.medbook.visits.domain;

/** The two people of a visit. */
public enum Participant {
    PATIENT, DOCTOR;

    public Participant other() {
        return this == PATIENT ? DOCTOR : PATIENT;
    }
}
