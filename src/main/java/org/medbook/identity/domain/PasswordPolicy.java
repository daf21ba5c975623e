package org.medbook.identity.domain;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * NIST SP 800-63B: length matters, composition rules do not; known-breached or very common
 * passwords are refused. Passwords are taken in Unicode normal form C, so "é" typed as one character
 * or as "e" plus a combining accent is the same password.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 128;

    private final CommonPasswords commonPasswords;

    public PasswordPolicy(CommonPasswords commonPasswords) {
        this.commonPasswords = commonPasswords;
    }

    /** The form a password is measured, compared and hashed in. */
    public static String normalise(String password) {
        return password == null ? null : Normalizer.normalize(password, Normalizer.Form.NFC);
    }

    /** Why the password is refused, or empty when it is acceptable. */
    public Optional<String> violation(String typed, String email) {
        String candidate = normalise(typed);
        if (candidate == null || candidate.codePointCount(0, candidate.length()) < MIN_LENGTH) {
            return Optional.of("The password must have at least " + MIN_LENGTH + " characters");
        }
        if (candidate.codePointCount(0, candidate.length()) > MAX_LENGTH) {
            return Optional.of("The password must have at most " + MAX_LENGTH + " characters");
        }
        if (commonPasswords.contains(candidate)) {
            return Optional.of("This password is too common; choose a longer or less predictable one");
        }
        if (email != null) {
            String lower = candidate.toLowerCase(Locale.ROOT);
            String local = email.substring(0, Math.max(0, email.indexOf('@'))).toLowerCase(Locale.ROOT);
            if (lower.equals(email.toLowerCase(Locale.ROOT)) || (local.length() >= 4 && lower.equals(local))) {
                return Optional.of("The password must not be your e-mail address");
            }
        }
        return Optional.empty();
    }
}
