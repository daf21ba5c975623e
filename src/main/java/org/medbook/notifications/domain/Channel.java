package org.medbook.notifications.domain;

/** Where a notification reaches its recipient. In-app is always on. */
public enum Channel {
    IN_APP,
    EMAIL,
    SMS,
    PUSH
}
