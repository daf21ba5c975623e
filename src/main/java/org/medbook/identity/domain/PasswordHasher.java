package org.medbook.identity.domain;

public interface PasswordHasher {

    String hash(String password);

    boolean matches(String password, String hash);

    /** Spends the same effort as a real check, so an unknown account answers as slowly as a known one. */
    void burnEquivalentTime(String password);
}
