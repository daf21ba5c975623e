package org.medbook.identity.domain;

public enum AccountStatus {
    ACTIVE,
    SUSPENDED
}
