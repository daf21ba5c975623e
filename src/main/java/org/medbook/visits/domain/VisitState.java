package org.medbook.visits.domain;

/** Where a visit stands at one moment. */
public enum VisitState {
    /** Before the window opens: nobody may join yet. */
    NOT_YET_OPEN,
    /** Inside the window, nobody waiting, not yet under way. */
    OPEN,
    /** The patient is there and waits for the doctor to admit them. */
    PATIENT_WAITING,
    /** The doctor admitted the patient: the two may signal and see each other. */
    IN_PROGRESS,
    /** The doctor ended it for both. */
    ENDED,
    /** The window has closed. */
    CLOSED
}
