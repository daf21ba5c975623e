package org.medbook.shared.crypto;

/**
 * Authenticated encryption of sensitive fields at rest. The context (e.g. {@code users.phone:<id>})
 * binds a ciphertext to its row and column, so it cannot be moved to another record unnoticed.
 * Ciphertexts carry their key id, so keys can rotate without re-encrypting everything at once.
 */
public interface FieldCipher {

    byte[] encrypt(String plaintext, String context);

    String decrypt(byte[] ciphertext, String context);

    /** The same protection for binary content (an uploaded file). */
    byte[] encryptBytes(byte[] plaintext, String context);

    byte[] decryptBytes(byte[] ciphertext, String context);
}
