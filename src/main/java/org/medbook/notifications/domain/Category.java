package org.medbook.notifications.domain;

/** What a notification is about; preferences are chosen per category. */
public enum Category {
    BOOKINGS,
    REMINDERS,
    PAYMENTS,
    ACCOUNT,
    MESSAGES,
    REVIEWS,
    SECURITY;

    /** SECURITY notices reach the user whatever they choose, and are never held by quiet hours. */
    public boolean locked() {
        return this == SECURITY;
    }
}
