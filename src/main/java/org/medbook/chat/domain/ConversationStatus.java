package org.medbook.chat.domain;

/** An open conversation takes messages; a closed one is read-only until its doctor reopens it. */
public enum ConversationStatus {
    OPEN,
    CLOSED
}
