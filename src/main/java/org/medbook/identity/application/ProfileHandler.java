package org.medbook.identity.application;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;

import org.medbook.identity.IdentityEvents;
import org.medbook.identity.UserId;
import org.medbook.identity.domain.Destination;
import org.medbook.identity.domain.User;
import org.medbook.identity.domain.Users;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/** Reads and edits the caller's own profile. */
@Component
@Validated
public class ProfileHandler {

    private final Users users;
    private final ContactNormalizer normalizer;
    private final CodeVerifier codes;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ProfileHandler(Users users, ContactNormalizer normalizer, CodeVerifier codes, ApplicationEventPublisher events,
            Clock clock) {
        this.users = users;
        this.normalizer = normalizer;
        this.codes = codes;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public UserView get(UUID userId) {
        return users.findById(new UserId(userId)).map(UserView::of).orElseThrow(() -> MedbookException.notFound("User"));
    }

    @Transactional(noRollbackFor = ContactNotVerified.class)
    public UserView update(@Valid UpdateProfileCommand command) {
        Instant now = clock.instant();
        User user = users.findById(new UserId(command.userId())).orElseThrow(() -> MedbookException.notFound("User"));
        user.ensureActive();
        user.updateProfile(command.name(), command.dateOfBirth(), command.preferredLanguage(), now);
        if (command.email() != null) {
            changeContact(user, normalizer.email(command.email(), "email"), command.emailCode(), "emailCode", now, command.clientIp());
        }
        if (command.phone() != null) {
            changeContact(user, normalizer.phone(command.phone()), command.phoneCode(), "phoneCode", now, command.clientIp());
        }
        users.update(user);
        return UserView.of(user);
    }

    private void changeContact(User user, Destination destination, String code, String codeField, Instant now,
            String clientIp) {
        String current = destination instanceof Destination.Email ? user.email().orElse(null) : user.phone().orElse(null);
        if (destination.value().equals(current)) {
            return;
        }
        if (user.isStaff() && destination instanceof Destination.Email) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "staff-email-managed",
                    "A staff e-mail is the sign-in name; an administrator changes it");
        }
        if (code == null) {
            throw new MedbookException(ProblemKind.BAD_INPUT, "validation-failed",
                    "A new " + destination.channel().name().toLowerCase() + " destination needs its one-time code",
                    Map.of("errors", java.util.List.of(Map.of("field", codeField, "message", "is required"))), null);
        }
        if (users.findByDestination(destination).filter(other -> !other.id().equals(user.id())).isPresent()) {
            throw new MedbookException(ProblemKind.CONFLICT, "destination-in-use",
                    "This " + destination.channel().name().toLowerCase() + " destination belongs to another account");
        }
        Outcome.Refused<Object> refused = codes.consume(destination, code);
        if (refused != null) {
            throw new ContactNotVerified(refused);
        }
        user.changeContact(destination, now);
        events.publishEvent(new IdentityEvents.ContactChanged(UUID.randomUUID(), now, user.id().value(),
                destination.channel().name(), clientIp));
    }

    /** A wrong code still counts as a failed attempt, so the transaction commits despite this. */
    static final class ContactNotVerified extends MedbookException {
        ContactNotVerified(Outcome.Refused<?> refused) {
            super(ProblemKind.RULE_BROKEN, refused.slug(), refused.detail(), refused.properties(), null);
        }
    }
}
