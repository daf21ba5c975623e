package org.medbook.doctors.domain;

public enum VerificationStatus {
    PENDING,
    VERIFIED,
    REJECTED
}
