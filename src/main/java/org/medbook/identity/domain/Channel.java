package org.medbook.identity.domain;

public enum Channel {
    SMS,
    EMAIL
}
