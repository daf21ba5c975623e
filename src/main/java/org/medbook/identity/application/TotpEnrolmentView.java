package org.medbook.identity.application;

/**
 * A new authenticator secret, shown once: {@code otpauthUri} is what the QR code encodes, {@code secret}
 * the same key (base32) for typing it in.
 */
public record TotpEnrolmentView(String secret, String otpauthUri, String algorithm, int digits, int period) {
}
