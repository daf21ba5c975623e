package org.medbook.audit;

/** What kind of a patient's data was read; shown to the patient in their access log. */
public enum DataKind {
    PROFILE, BOOKING, PAYMENT, DISPUTE, CONVERSATION, REPORT,
    /** A review the patient wrote, with their name, as the back office moderates it. */
    REVIEW,
    /** Notifications sent to the patient and how each was delivered. */
    NOTIFICATION
}
