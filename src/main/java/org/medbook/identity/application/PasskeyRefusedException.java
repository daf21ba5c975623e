package org.medbook.identity.application;

/** Why the relying party refused a registration or an assertion; never logged as an error. */
public class PasskeyRefusedException extends RuntimeException {

    public enum Reason {
        /** clientDataJSON names an origin that is not ours (a phishing page, another site). */
        WRONG_ORIGIN,
        /** the authenticator signed for another relying party id. */
        WRONG_RP_ID,
        /** the response answers another challenge than this ceremony's (a replayed response). */
        WRONG_CHALLENGE,
        /** the signature counter did not move forward: the authenticator was copied. */
        CLONED_AUTHENTICATOR,
        /** the credential is not one of the user's passkeys. */
        NOT_ALLOWED_CREDENTIAL,
        /** this credential is already registered. */
        ALREADY_REGISTERED,
        /** anything else: a bad signature, malformed data, user not present. */
        INVALID
    }

    private final Reason reason;

    public PasskeyRefusedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
