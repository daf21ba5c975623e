package org.medbook.identity.application;

/** Whether the caller has an authenticator and how many recovery codes are left; the platform's policy. */
public record SecondFactorStatusView(boolean totpEnrolled, int recoveryCodesLeft, boolean required) {
}
