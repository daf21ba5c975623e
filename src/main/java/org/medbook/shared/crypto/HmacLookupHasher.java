package org.medbook.shared.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

class HmacLookupHasher implements LookupHasher {

    private final SecretKeySpec key;

    HmacLookupHasher(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("medbook.crypto.lookup-key must hold at least 32 bytes");
        }
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    @Override
    public byte[] hash(String purpose, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(purpose.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
