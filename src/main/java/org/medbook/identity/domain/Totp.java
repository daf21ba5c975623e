package org.medbook.identity.domain;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.OptionalLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP) with the parameters authenticator
 * apps assume when a provisioning URI names none: HMAC-SHA1, 30-second steps from the Unix epoch,
 * six digits. A code of the step before or after the current one is accepted too, so a phone clock
 * a little off still works; a step once used is never accepted again (the caller remembers it).
 */
public record Totp(String algorithm, int digits, long stepSeconds) {

    public static final Totp AUTHENTICATOR = new Totp("HmacSHA1", 6, 30);
    /** Steps either side of the current one whose codes are still accepted. */
    static final int DRIFT_STEPS = 1;

    public Totp {
        if (digits < 6 || digits > 8 || stepSeconds < 1) {
            throw new IllegalArgumentException("RFC 6238 codes have 6 to 8 digits and a positive step");
        }
    }

    public long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), stepSeconds);
    }

    /** The code of one time step (RFC 4226 section 5.3, dynamic truncation). */
    public String code(byte[] secret, long step) {
        byte[] hash;
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret, "RAW"));
            hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
        int modulus = (int) Math.pow(10, digits);
        return String.format("%0" + digits + "d", binary % modulus);
    }

    /**
     * The step whose code this is, if it is one of the steps around {@code now} and later than the
     * last step used; empty when the code is wrong or replayed.
     */
    public OptionalLong match(byte[] secret, String code, Instant now, Long lastUsedStep) {
        if (code == null || code.length() != digits) {
            return OptionalLong.empty();
        }
        long current = step(now);
        for (long step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
            boolean fresh = lastUsedStep == null || step > lastUsedStep;
            // constant-time comparison: the response time says nothing about how many digits matched
            byte[] expected = code(secret, step).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, code.getBytes(StandardCharsets.US_ASCII)) && fresh) {
                return OptionalLong.of(step);
            }
        }
        return OptionalLong.empty();
    }

    /** The {@code otpauth://} URI authenticator apps read from a QR code (the Key Uri Format). */
    public String provisioningUri(String issuer, String account, byte[] secret) {
        String label = encode(issuer) + ":" + encode(account);
        String name = switch (algorithm) {
            case "HmacSHA256" -> "SHA256";
            case "HmacSHA512" -> "SHA512";
            default -> "SHA1";
        };
        return "otpauth://totp/" + label + "?secret=" + Base32.encode(secret) + "&issuer=" + encode(issuer)
                + "&algorithm=" + name + "&digits=" + digits + "&period=" + stepSeconds;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
