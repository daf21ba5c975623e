package org.medbook.shared.web;

import java.util.List;

/**
 * The API routes anyone may call without a token, in one place: the security configuration opens
 * them and the OpenAPI document marks them {@code security: []}, so the two cannot disagree.
 * Patterns use {@code *} for one path segment.
 */
public final class PublicRoutes {

    public static final List<String> API = List.of(
            "/api/v1/auth/otp", "/api/v1/auth/otp/verify", "/api/v1/auth/google", "/api/v1/auth/google/nonce",
            "/api/v1/auth/login", "/api/v1/auth/login/mfa", "/api/v1/auth/login/mfa/passkey/options",
            "/api/v1/auth/login/mfa/passkey", "/api/v1/auth/refresh", "/api/v1/auth/logout",
            "/api/v1/specialties", "/api/v1/doctors", "/api/v1/doctors/*", "/api/v1/doctors/*/slots",
            "/api/v1/doctors/*/reviews", "/api/v1/payment-methods",
            "/api/v1/webhooks/stripe", "/api/v1/webhooks/paypal");

    /** Public to read only: their other methods need a token (and a permission). */
    public static final List<String> READ_ONLY = List.of(
            "/api/v1/content/faqs", "/api/v1/content/policies/*", "/api/v1/content/policies/*/versions");

    private PublicRoutes() {
    }
}
