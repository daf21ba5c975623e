package org.medbook.identity.application;

/** Whether the caller has an authenticator, how many passkeys and recovery codes left; the platform's policy. */
public record SecondFactorStatusView(boolean totpEnrolled, int recoveryCodesLeft, boolean required, int passkeys) {
}
