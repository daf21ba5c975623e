package org.medbook.chat.domain;

/** The side a user takes in a conversation. */
public enum ChatRole {
    PATIENT,
    DOCTOR
}
