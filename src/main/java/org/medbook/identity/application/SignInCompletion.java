package org.medbook.identity.application;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.medbook.identity.domain.MfaChallenges;
import org.medbook.identity.domain.Passkeys;
import org.medbook.identity.domain.SecondFactors;
import org.medbook.identity.domain.User;
import org.medbook.shared.ProblemKind;
import org.springframework.stereotype.Component;

/**
 * What a staff member gets once their password is proven: a session when no second factor is due; a
 * short-lived challenge to answer with an authenticator or recovery code, or a passkey, when one is enrolled; a token
 * that can only enrol one when the platform requires it and none is enrolled. Patients never get here.
 */
@Component
class SignInCompletion {

    static final String MFA_REQUIRED = "mfa-required";

    private final SecondFactors factors;
    private final Passkeys passkeys;
    private final MfaChallenges challenges;
    private final Sessions sessions;
    private final AccessTokens accessTokens;
    private final IdentityProperties.Staff properties;

    SignInCompletion(SecondFactors factors, Passkeys passkeys, MfaChallenges challenges, Sessions sessions,
            AccessTokens accessTokens, IdentityProperties properties) {
        this.factors = factors;
        this.passkeys = passkeys;
        this.challenges = challenges;
        this.sessions = sessions;
        this.accessTokens = accessTokens;
        this.properties = properties.staff();
    }

    Outcome<TokenView> afterPassword(User user, Instant now) {
        List<String> methods = user.isStaff() ? methods(user) : List.of();
        if (!methods.isEmpty()) {
            Instant expiresAt = now.plus(properties.mfaChallengeTtl());
            String challenge = challenges.issue(user.id(), now, expiresAt);
            return new Outcome.Refused<>(ProblemKind.UNAUTHORIZED, MFA_REQUIRED,
                    "Send a code from your authenticator app, or a recovery code, with this token to POST /api/v1/auth/login/mfa;"
                            + " or answer with a passkey through POST /api/v1/auth/login/mfa/passkey/options",
                    Map.of("mfaToken", challenge, "expiresIn", Duration.between(now, expiresAt).toSeconds(),
                            "methods", methods), null);
        }
        if (user.isStaff() && properties.mfa() == IdentityProperties.Staff.Mfa.REQUIRED) {
            AccessTokens.Signed restricted = accessTokens.issueMfaEnrolmentOnly(user, now);
            return new Outcome.Refused<>(ProblemKind.FORBIDDEN, "mfa-enrolment-required",
                    "A second factor is required: enrol an authenticator with POST /api/v1/me/mfa/totp, or a passkey with "
                            + "POST /api/v1/me/mfa/passkeys/options, using the token given here",
                    Map.of("accessToken", restricted.token(), "tokenType", "Bearer",
                            "expiresIn", Duration.between(now, restricted.expiresAt()).toSeconds()), null);
        }
        return Outcome.success(sessions.start(user));
    }

    /**
     * The second factors the member can answer with: {@code totp}, {@code passkey}. A recovery code is
     * accepted at {@code POST /api/v1/auth/login/mfa} whenever either is listed: it comes with both.
     */
    private List<String> methods(User user) {
        List<String> methods = new ArrayList<>();
        if (factors.hasConfirmedTotp(user.id())) {
            methods.add("totp");
        }
        if (passkeys.hasAny(user.id())) {
            methods.add("passkey");
        }
        return methods;
    }
}
