package org.medbook.identity.application;

import java.util.List;

import org.medbook.identity.UserId;
import org.medbook.identity.domain.Passkey;

/**
 * The WebAuthn relying party: builds the options a browser passes to {@code navigator.credentials}
 * and verifies what the authenticator answered (origin, RP id, challenge, signature, counter). The
 * options travel as the JSON the browser takes; the ceremony that holds them is the caller's.
 */
public interface PasskeyRelyingParty {

    /** Options for a ceremony, with the challenge they carry. */
    record Options(byte[] challenge, String json) {
    }

    /** {@code PublicKeyCredential.toJSON()} of a registration, its byte fields base64url. */
    record Attestation(String id, String rawId, String type, String clientDataJson, String attestationObject,
                       List<String> transports, String authenticatorAttachment) {
    }

    /** {@code PublicKeyCredential.toJSON()} of an authentication, its byte fields base64url. */
    record Assertion(String id, String rawId, String type, String clientDataJson, String authenticatorData,
                     String signature, String userHandle, String authenticatorAttachment) {
    }

    /** Creation options for the user (whose user handle must exist), excluding the passkeys they have. */
    Options registrationOptions(UserId userId);

    /** Verifies a registration against the options of its ceremony and stores the new passkey. */
    Passkey register(String optionsJson, Attestation attestation, String label);

    /** Request options that allow only the user's own passkeys. */
    Options authenticationOptions(UserId userId);

    /**
     * Verifies an assertion against the options of its ceremony and records the use of the passkey (its
     * counter must move forward); answers the passkey, whose owner the caller still has to check.
     */
    Passkey authenticate(String optionsJson, Assertion assertion);
}
