package org.medbook.identity;

public enum Role {
    PATIENT,
    DOCTOR,
    ADMIN,
    HELPER;

    public boolean isStaff() {
        return this != PATIENT;
    }
}
