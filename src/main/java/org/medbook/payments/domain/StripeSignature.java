package org.medbook.payments.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe's webhook signature scheme: the {@code Stripe-Signature} header holds {@code t=<unix
 * seconds>} and one or more {@code v1=<hex HMAC-SHA256(secret, t + "." + payload)>}. We accept a
 * signature only within the tolerance on both sides of now: a replayed old event and one stamped in
 * the future (a clock or forgery problem) are both refused.
 */
public final class StripeSignature {

    public sealed interface Verdict {
        record Valid() implements Verdict { }
        record Invalid(String reason) implements Verdict { }
    }

    private StripeSignature() {
    }

    public static Verdict verify(String payload, String header, String secret, Instant now, Duration tolerance) {
        if (header == null || header.isBlank()) {
            return new Verdict.Invalid("missing Stripe-Signature header");
        }
        Long timestamp = null;
        List<String> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            String[] pair = part.strip().split("=", 2);
            if (pair.length != 2) {
                continue;
            }
            if (pair[0].equals("t")) {
                try {
                    timestamp = Long.parseLong(pair[1]);
                } catch (NumberFormatException e) {
                    return new Verdict.Invalid("malformed timestamp");
                }
            } else if (pair[0].equals("v1")) {
                signatures.add(pair[1]);
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            return new Verdict.Invalid("no timestamp or no v1 signature");
        }
        long skew = Math.abs(now.getEpochSecond() - timestamp);
        if (skew > tolerance.toSeconds()) {
            return new Verdict.Invalid(timestamp > now.getEpochSecond() ? "timestamp in the future" : "timestamp too old");
        }
        byte[] expected = hmac(secret, timestamp + "." + payload);
        for (String candidate : signatures) {
            try {
                if (MessageDigest.isEqual(expected, HexFormat.of().parseHex(candidate))) {
                    return new Verdict.Valid();
                }
            } catch (IllegalArgumentException notHex) {
                // try the next one
            }
        }
        return new Verdict.Invalid("no signature matches");
    }

    private static byte[] hmac(String secret, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
