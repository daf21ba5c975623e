package org.medbook.identity.application;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import jakarta.validation.Valid;

import org.medbook.identity.IdentityEvents;
import org.medbook.identity.UserId;
import org.medbook.identity.domain.SignInNonces;
import org.medbook.identity.domain.User;
import org.medbook.identity.domain.Users;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.validation.annotation.Validated;

/**
 * Signs a patient in with Google. The ID token must carry a nonce this server issued (see
 * {@link GoogleNonceHandler}), which it uses up. The account is keyed on Google's {@code sub}; a
 * first Google sign-in joins an existing patient who has the same, Google-verified e-mail.
 */
@Component
@Validated
public class GoogleSignInHandler {

    private static final String METHOD = "google";

    private final GoogleIdTokens tokens;
    private final SignInNonces nonces;
    private final Users users;
    private final Sessions sessions;
    private final ApplicationEventPublisher events;
    private final IdentityProperties properties;
    private final TransactionTemplate transaction;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    GoogleSignInHandler(GoogleIdTokens tokens, SignInNonces nonces, Users users, Sessions sessions,
            ApplicationEventPublisher events, IdentityProperties properties, PlatformTransactionManager transactions,
            Clock clock) {
        this.tokens = tokens;
        this.nonces = nonces;
        this.users = users;
        this.sessions = sessions;
        this.events = events;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactions);
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    public Outcome<TokenView> handle(@Valid GoogleSignInCommand command) {
        if (!properties.google().enabled()) {
            throw unavailable();
        }
        Instant now = clock.instant();
        // Google's keys may have to be fetched: not while holding a database connection
        Optional<GoogleIdTokens.GoogleIdentity> verified = tokens.verify(command.idToken());
        // used up for good before anything else happens, whatever becomes of this sign-in
        boolean bound = verified.isPresent() && Boolean.TRUE.equals(ownTransaction.execute(status ->
                boundToOurNonce(verified.get().nonce(), command.nonce(), now)));
        return transaction.execute(status -> settle(command, verified, bound, now));
    }

    /**
     * The token must answer a sign-in this server started: a token obtained for another site, or
     * replayed, carries a nonce we never issued or one already used up.
     */
    private boolean boundToOurNonce(String nonce, String nonceClientSent, Instant now) {
        if (nonce == null || (nonceClientSent != null && !nonceClientSent.equals(nonce))) {
            return false;
        }
        return nonces.consume(nonce, now);
    }

    private Outcome<TokenView> settle(GoogleSignInCommand command, Optional<GoogleIdTokens.GoogleIdentity> verified,
            boolean bound, Instant now) {
        if (verified.isEmpty()) {
            return refuse("invalid-google-token", "The Google ID token is not valid", now, command.clientIp());
        }
        if (!bound) {
            return refuse("google-nonce-invalid", "The Google ID token must carry an unused nonce from "
                    + "POST /api/v1/auth/google/nonce; start the sign-in again", now, command.clientIp());
        }
        GoogleIdTokens.GoogleIdentity identity = verified.get();
        String email = identity.email() == null ? null : identity.email().toLowerCase(Locale.ROOT);
        Optional<User> bySubject = users.findByGoogleSubject(identity.subject());
        if (bySubject.isPresent()) {
            return signIn(bySubject.get(), now, command.clientIp(), false);
        }
        if (email != null && identity.emailVerified()) {
            Optional<User> byEmail = users.findByEmail(email);
            if (byEmail.isPresent()) {
                User user = byEmail.get();
                if (user.isStaff()) {
                    return Outcome.refused(ProblemKind.FORBIDDEN, "password-sign-in-required",
                            "Staff accounts sign in with their e-mail and password");
                }
                user.linkGoogle(identity.subject(), now);
                users.update(user);
                return signIn(user, now, command.clientIp(), false);
            }
        }
        User patient = User.registerGooglePatient(UserId.random(), identity.subject(),
                identity.emailVerified() ? email : null, identity.name(), now);
        users.add(patient);
        events.publishEvent(new IdentityEvents.PatientRegistered(UUID.randomUUID(), now, patient.id().value(), METHOD,
                command.clientIp()));
        return signIn(patient, now, command.clientIp(), true);
    }

    /** @param reason for the audit trail; the client is told that the token is not valid, either way */
    private Outcome<TokenView> refuse(String reason, String detail, Instant now, String clientIp) {
        events.publishEvent(new IdentityEvents.SignInFailed(UUID.randomUUID(), now, null, METHOD, reason, clientIp));
        return Outcome.refused(ProblemKind.UNAUTHORIZED, "invalid-google-token", detail);
    }

    static MedbookException unavailable() {
        return new MedbookException(ProblemKind.UNAVAILABLE, "google-sign-in-unavailable",
                "Google sign-in is not configured on this server");
    }

    private Outcome<TokenView> signIn(User user, Instant now, String clientIp, boolean newUser) {
        if (user.isStaff()) {
            return Outcome.refused(ProblemKind.FORBIDDEN, "password-sign-in-required",
                    "Staff accounts sign in with their e-mail and password");
        }
        if (!user.isActive()) {
            return Outcome.refused(ProblemKind.FORBIDDEN, "account-suspended", "This account is suspended");
        }
        events.publishEvent(new IdentityEvents.UserSignedIn(UUID.randomUUID(), now, user.id().value(), METHOD, clientIp));
        return Outcome.success(sessions.start(user).withNewUser(newUser));
    }
}
