package org.medbook.audit;

/** What kind of a patient's data was read; shown to the patient in their access log. */
public enum DataKind {
    PROFILE, BOOKING, PAYMENT, DISPUTE, CONVERSATION, REPORT
}
