package org.medbook.identity.application;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import jakarta.validation.Valid;

import org.medbook.identity.IdentityEvents;
import org.medbook.identity.UserId;
import org.medbook.identity.domain.User;
import org.medbook.identity.domain.Users;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/**
 * Signs a patient in with Google. The account is keyed on Google's {@code sub}; a first Google
 * sign-in joins an existing patient who has the same, Google-verified e-mail.
 */
@Component
@Validated
public class GoogleSignInHandler {

    private static final String METHOD = "google";

    private final GoogleIdTokens tokens;
    private final Users users;
    private final Sessions sessions;
    private final ApplicationEventPublisher events;
    private final IdentityProperties properties;
    private final Clock clock;

    GoogleSignInHandler(GoogleIdTokens tokens, Users users, Sessions sessions, ApplicationEventPublisher events,
            IdentityProperties properties, Clock clock) {
        this.tokens = tokens;
        this.users = users;
        this.sessions = sessions;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional
    public Outcome<TokenView> handle(@Valid GoogleSignInCommand command) {
        if (!properties.google().enabled()) {
            throw new MedbookException(ProblemKind.UNAVAILABLE, "google-sign-in-unavailable",
                    "Google sign-in is not configured on this server");
        }
        Instant now = clock.instant();
        Optional<GoogleIdTokens.GoogleIdentity> verified = tokens.verify(command.idToken(), command.nonce());
        if (verified.isEmpty()) {
            events.publishEvent(new IdentityEvents.SignInFailed(UUID.randomUUID(), now, null, METHOD,
                    "invalid-google-token", command.clientIp()));
            return Outcome.refused(ProblemKind.UNAUTHORIZED, "invalid-google-token",
                    "The Google ID token is not valid");
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
