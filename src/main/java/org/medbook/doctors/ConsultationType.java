package org.medbook.doctors;

public enum ConsultationType {
    IN_PERSON,
    VIDEO
}
