package org.medbook.doctors.domain;

/** How a location got (or failed to get) its coordinates. */
public enum GeocodeStatus {
    RESOLVED,
    MANUAL,
    FAILED
}
