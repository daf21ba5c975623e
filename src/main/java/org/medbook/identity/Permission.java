package org.medbook.identity;

import java.util.Arrays;
import java.util.Optional;

/** Fine-grained back-office permissions. ADMIN holds all of them; a HELPER holds what an admin grants. */
public enum Permission {
    USERS_READ("users:read"),
    USERS_MANAGE("users:manage"),
    DOCTORS_MANAGE("doctors:manage"),
    DOCTORS_VERIFY("doctors:verify"),
    BOOKINGS_MANAGE("bookings:manage"),
    PAYMENTS_READ("payments:read"),
    DISPUTES_MANAGE("disputes:manage"),
    CONTENT_MANAGE("content:manage"),
    REPORTS_READ("reports:read"),
    AUDIT_READ("audit:read"),
    NOTIFICATIONS_MANAGE("notifications:manage"),
    REVIEWS_MODERATE("reviews:moderate"),
    /** Scrape the Prometheus metrics on the main port (a separate management port needs no token). */
    METRICS_READ("metrics:read");

    private final String code;

    Permission(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<Permission> fromCode(String code) {
        return Arrays.stream(values()).filter(permission -> permission.code.equals(code)).findFirst();
    }
}
