package org.medbook.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a webhook the way Stripe documents it, independently of the application's verifier:
 * {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + payload)>}. Checked against a
 * fixed known answer in {@code org.medbook.payments.infrastructure.StripeSignatureKnownAnswerTests}.
 */
public final class StripeTestSigner {

    private StripeTestSigner() {
    }

    public static String header(String payload, String secret, long timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signature = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
            return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
