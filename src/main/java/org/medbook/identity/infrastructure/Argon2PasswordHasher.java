package org.medbook.identity.infrastructure;

import org.medbook.identity.domain.PasswordHasher;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/** Argon2id with Spring Security's current recommended parameters (16 MiB, 2 iterations). */
@Component
class Argon2PasswordHasher implements PasswordHasher {

    private final Argon2PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    private final String dummyHash = encoder.encode("medbook-timing-equaliser");

    @Override
    public String hash(String password) {
        return encoder.encode(password);
    }

    @Override
    public boolean matches(String password, String hash) {
        return encoder.matches(password, hash);
    }

    @Override
    public void burnEquivalentTime(String password) {
        encoder.matches(password, dummyHash);
    }
}
