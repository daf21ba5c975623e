package org.medbook.identity.domain;

/**
 * Hashes and checks passwords in Unicode normal form C (NIST SP 800-63B), so a password typed on a
 * keyboard that composes characters differently still matches (see {@link PasswordPolicy#normalise}).
 */
public interface PasswordHasher {

    /** What comparing a password with a stored hash found. */
    enum Check {
        MISMATCH,
        MATCH,
        /** It matched as typed, not normalised: a hash made before normalisation; store a new one. */
        MATCH_BUT_REHASH;

        public boolean matched() {
            return this != MISMATCH;
        }
    }

    String hash(String password);

    Check check(String password, String hash);

    /** Spends the same effort as a real check, so an unknown account answers as slowly as a known one. */
    void burnEquivalentTime(String password);
}
