package org.medbook.shared.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import com.google.crypto.tink.Aead;

/** AES-256-GCM through Tink; the context is the associated data. */
class TinkFieldCipher implements FieldCipher {

    private final Aead aead;

    TinkFieldCipher(Aead aead) {
        this.aead = aead;
    }

    @Override
    public byte[] encrypt(String plaintext, String context) {
        try {
            return aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), context.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption failed", e);
        }
    }

    @Override
    public String decrypt(byte[] ciphertext, String context) {
        try {
            return new String(aead.decrypt(ciphertext, context.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A stored ciphertext failed authentication (" + context.split(":")[0] + ")", e);
        }
    }

    @Override
    public byte[] encryptBytes(byte[] plaintext, String context) {
        try {
            return aead.encrypt(plaintext, context.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption failed", e);
        }
    }

    @Override
    public byte[] decryptBytes(byte[] ciphertext, String context) {
        try {
            return aead.decrypt(ciphertext, context.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A stored ciphertext failed authentication (" + context.split(":")[0] + ")", e);
        }
    }
}
