package org.medbook.identity.application;

import java.security.SecureRandom;

/** Random temporary passwords: 16 characters from an alphabet without look-alikes (~90 bits). */
final class TemporaryPasswords {

    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private TemporaryPasswords() {
    }

    static String generate() {
        StringBuilder password = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            password.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return password.toString();
    }
}
