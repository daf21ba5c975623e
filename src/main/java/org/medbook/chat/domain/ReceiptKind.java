package org.medbook.chat.domain;

/** How far a participant got: the messages reached their device, or they read them. */
public enum ReceiptKind {
    DELIVERED,
    READ
}
