package org.medbook.notifications.application;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;

/**
 * A user registers a device for push: an FCM registration token, or a browser's Web Push
 * subscription (endpoint, and its {@code p256dh} and {@code auth} keys in base64url). Invalid input
 * is refused with every offending field named; keys are kept in canonical unpadded base64url.
 */
public record RegisterDeviceCommand(UUID userId, Device.Platform platform, String token, String endpoint,
                                    String p256dh, String auth) {

    static final int MAX_TOKEN = 4096;
    static final int MAX_ENDPOINT = 2048;

    private static final BigInteger P = new BigInteger("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);
    private static final BigInteger B = new BigInteger("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", 16);

    public RegisterDeviceCommand {
        List<Map<String, String>> errors = new ArrayList<>();
        if (userId == null) {
            throw new IllegalArgumentException("a device belongs to a user");
        }
        if (platform == null) {
            errors.add(error("platform", "is required: FCM or WEB_PUSH"));
        } else if (platform == Device.Platform.FCM) {
            token = token == null ? null : token.strip();
            if (token == null || token.isEmpty()) {
                errors.add(error("token", "is required for FCM"));
            } else if (token.length() > MAX_TOKEN || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                errors.add(error("token", "is not an FCM registration token"));
            }
            endpoint = null;
            p256dh = null;
            auth = null;
        } else {
            token = null;
            endpoint = endpoint == null ? null : endpoint.strip();
            if (endpoint == null || endpoint.isEmpty()) {
                errors.add(error("subscription.endpoint", "is required for WEB_PUSH"));
            } else if (endpoint.length() > MAX_ENDPOINT) {
                errors.add(error("subscription.endpoint", "is longer than " + MAX_ENDPOINT + " characters"));
            }
            byte[] point = base64Url(p256dh);
            if (point == null || !onP256(point)) {
                errors.add(error("subscription.keys.p256dh",
                        "must be base64url of an uncompressed P-256 public key (65 bytes)"));
            } else {
                p256dh = encode(point);
            }
            byte[] secret = base64Url(auth);
            if (secret == null || secret.length != 16) {
                errors.add(error("subscription.keys.auth", "must be base64url of a 16-byte secret"));
            } else {
                auth = encode(secret);
            }
        }
        if (!errors.isEmpty()) {
            throw new MedbookException(ProblemKind.BAD_INPUT, "validation-failed", "The request has invalid fields: "
                    + String.join(", ", errors.stream().map(e -> e.get("field")).toList()), Map.of("errors", errors), null);
        }
    }

    /** The token or the endpoint: what identifies the device at its push service. */
    public String address() {
        return platform == Device.Platform.FCM ? token : endpoint;
    }

    private static Map<String, String> error(String field, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message);
        return error;
    }

    private static byte[] base64Url(String text) {
        if (text == null || text.isBlank() || text.length() > 200) {
            return null;
        }
        try {
            return Base64.getUrlDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** An uncompressed point (0x04 || x || y) on the curve y² = x³ - 3x + b over P-256's field. */
    static boolean onP256(byte[] point) {
        if (point.length != 65 || point[0] != 0x04) {
            return false;
        }
        BigInteger x = new BigInteger(1, java.util.Arrays.copyOfRange(point, 1, 33));
        BigInteger y = new BigInteger(1, java.util.Arrays.copyOfRange(point, 33, 65));
        if (x.compareTo(P) >= 0 || y.compareTo(P) >= 0) {
            return false;
        }
        BigInteger left = y.modPow(BigInteger.TWO, P);
        BigInteger right = x.pow(3).subtract(x.multiply(BigInteger.valueOf(3))).add(B).mod(P);
        return left.equals(right);
    }
}
