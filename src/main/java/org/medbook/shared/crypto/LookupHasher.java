package org.medbook.shared.crypto;

/**
 * A keyed hash (HMAC-SHA256) for finding rows by a value we do not store in the clear, such as a
 * phone number. Without the key, the hash cannot be reversed by trying every phone number.
 */
public interface LookupHasher {

    byte[] hash(String purpose, String value);
}
