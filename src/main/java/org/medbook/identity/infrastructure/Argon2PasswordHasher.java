package org.medbook.identity.infrastructure;

import org.medbook.identity.domain.PasswordHasher;
import org.medbook.identity.domain.PasswordPolicy;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id with Spring Security's current recommended parameters (16 MiB, 2 iterations), over the
 * password's NFC form. Hashes stored before passwords were normalised were made from the characters
 * as typed; those still match once, as typed, and the caller replaces them.
 */
@Component
class Argon2PasswordHasher implements PasswordHasher {

    private final Argon2PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    private final String dummyHash = encoder.encode("medbook-timing-equaliser");

    @Override
    public String hash(String password) {
        return encoder.encode(PasswordPolicy.normalise(password));
    }

    @Override
    public Check check(String password, String hash) {
        String normalised = PasswordPolicy.normalise(password);
        if (encoder.matches(normalised, hash)) {
            return Check.MATCH;
        }
        if (!normalised.equals(password) && encoder.matches(password, hash)) {
            return Check.MATCH_BUT_REHASH;
        }
        return Check.MISMATCH;
    }

    @Override
    public void burnEquivalentTime(String password) {
        String normalised = PasswordPolicy.normalise(password);
        encoder.matches(normalised, dummyHash);
        if (!normalised.equals(password)) {
            encoder.matches(password, dummyHash);
        }
    }
}
