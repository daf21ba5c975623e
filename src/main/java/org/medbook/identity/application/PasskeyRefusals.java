package org.medbook.identity.application;

import java.util.Map;

import org.medbook.shared.ProblemKind;

/** The problem each refusal of the relying party answers, at sign-in (401) or for a signed-in caller (422). */
final class PasskeyRefusals {

    static final String INVALID_CEREMONY = "invalid-passkey-ceremony";

    private PasskeyRefusals() {
    }

    static <T> Outcome.Refused<T> refused(PasskeyRefusedException.Reason reason, ProblemKind wrong) {
        return switch (reason) {
            case WRONG_ORIGIN -> refusal(wrong, "passkey-wrong-origin",
                    "The passkey answered a page of another origin than Medbook's");
            case WRONG_RP_ID -> refusal(wrong, "passkey-wrong-rp-id",
                    "The passkey signed for another relying party than Medbook");
            case WRONG_CHALLENGE -> refusal(wrong, "passkey-challenge-mismatch",
                    "The answer is not to this ceremony's challenge (a replayed answer); start again");
            case CLONED_AUTHENTICATOR -> refusal(wrong, "passkey-cloned",
                    "The passkey's signature counter did not move forward, so it may have been copied; it was refused");
            case NOT_ALLOWED_CREDENTIAL -> refusal(wrong, "passkey-not-yours", "This passkey is not one of yours");
            case ALREADY_REGISTERED -> refusal(ProblemKind.CONFLICT, "passkey-already-registered",
                    "This passkey is already registered");
            case INVALID -> refusal(wrong, "invalid-passkey", "The passkey's answer could not be verified");
        };
    }

    static <T> Outcome.Refused<T> invalidCeremony(ProblemKind wrong) {
        return refusal(wrong, INVALID_CEREMONY,
                "The passkey ceremony has expired or was already answered; ask for new options");
    }

    private static <T> Outcome.Refused<T> refusal(ProblemKind kind, String slug, String detail) {
        return new Outcome.Refused<>(kind, slug, detail, Map.of(), null);
    }
}
