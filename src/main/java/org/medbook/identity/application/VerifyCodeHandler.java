package org.medbook.identity.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.validation.Valid;

import org.medbook.identity.IdentityEvents;
import org.medbook.identity.UserId;
import org.medbook.identity.domain.Destination;
import org.medbook.identity.domain.User;
import org.medbook.identity.domain.Users;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.medbook.shared.ratelimit.RateLimit;
import org.medbook.shared.ratelimit.RateLimiter;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/** Signs a patient in with a one-time code; the first successful code creates the account. */
@Component
@Validated
public class VerifyCodeHandler {

    private static final String METHOD = "otp";

    private final ContactNormalizer normalizer;
    private final CodeVerifier verifier;
    private final Users users;
    private final Sessions sessions;
    private final RateLimiter rateLimiter;
    private final ApplicationEventPublisher events;
    private final IdentityProperties properties;
    private final Clock clock;

    VerifyCodeHandler(ContactNormalizer normalizer, CodeVerifier verifier, Users users, Sessions sessions,
            RateLimiter rateLimiter, ApplicationEventPublisher events, IdentityProperties properties, Clock clock) {
        this.normalizer = normalizer;
        this.verifier = verifier;
        this.users = users;
        this.sessions = sessions;
        this.rateLimiter = rateLimiter;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional
    public Outcome<TokenView> handle(@Valid VerifyCodeCommand command) {
        Destination destination = normalizer.normalise(command.destination());
        if (command.clientIp() != null) {
            RateLimiter.Decision decision = rateLimiter.acquire(Map.of("otp-verify:ip:" + command.clientIp(),
                    new RateLimit("otp-verify-ip-hour", properties.otp().verifyPerIpHour(), Duration.ofHours(1))));
            if (!decision.allowed()) {
                throw MedbookException.tooManyRequests("too-many-attempts", "Too many attempts; try again later",
                        decision.retryAfter());
            }
        }
        Instant now = clock.instant();
        Optional<User> existing = users.findByDestination(destination);
        Outcome.Refused<TokenView> refused = verifier.consume(destination, command.code());
        if (refused != null) {
            events.publishEvent(new IdentityEvents.SignInFailed(UUID.randomUUID(), now,
                    existing.map(user -> user.id().value()).orElse(null), METHOD, refused.slug(), command.clientIp()));
            return refused;
        }
        if (existing.isPresent()) {
            User user = existing.get();
            if (user.isStaff()) {
                return Outcome.refused(ProblemKind.FORBIDDEN, "password-sign-in-required",
                        "Staff accounts sign in with their e-mail and password");
            }
            if (!user.isActive()) {
                return Outcome.refused(ProblemKind.FORBIDDEN, "account-suspended", "This account is suspended");
            }
            events.publishEvent(new IdentityEvents.UserSignedIn(UUID.randomUUID(), now, user.id().value(), METHOD,
                    command.clientIp()));
            return Outcome.success(sessions.start(user).withNewUser(false));
        }
        User patient = User.registerPatient(UserId.random(), destination, now);
        users.add(patient);
        events.publishEvent(new IdentityEvents.PatientRegistered(UUID.randomUUID(), now, patient.id().value(), METHOD,
                command.clientIp()));
        events.publishEvent(new IdentityEvents.UserSignedIn(UUID.randomUUID(), now, patient.id().value(), METHOD,
                command.clientIp()));
        return Outcome.success(sessions.start(patient).withNewUser(true));
    }
}
