package org.medbook.identity.application;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import org.medbook.identity.IdentityEvents;
import org.medbook.identity.StaffAccounts;
import org.medbook.identity.UserId;
import org.medbook.identity.domain.PasswordHasher;
import org.medbook.identity.domain.User;
import org.medbook.identity.domain.Users;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.medbook.shared.crypto.FieldCipher;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates staff accounts with a temporary password that only the new staff member receives, by
 * e-mail: the password leaves here only encrypted, in an event stored with the account, so an SMTP
 * outage delays the e-mail but never loses it.
 */
@Component
class StaffAccountsHandler implements StaffAccounts {

    private final Users users;
    private final PasswordHasher hasher;
    private final FieldCipher cipher;
    private final ContactNormalizer normalizer;
    private final ApplicationEventPublisher events;
    private final IdentityProperties properties;
    private final Clock clock;

    StaffAccountsHandler(Users users, PasswordHasher hasher, FieldCipher cipher, ContactNormalizer normalizer,
            ApplicationEventPublisher events, IdentityProperties properties, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.cipher = cipher;
        this.normalizer = normalizer;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    @Transactional
    public UserId create(NewStaffAccount account, UUID actorId, String clientIp) {
        if (account.role() == null || !account.role().isStaff()) {
            throw MedbookException.badInput("validation-failed", "role must be DOCTOR, ADMIN or HELPER");
        }
        String email = normalizer.email(account.email(), "email").value();
        Instant now = clock.instant();
        String temporary = TemporaryPasswords.generate();
        Instant expiresAt = now.plus(properties.staff().temporaryPasswordTtl());
        User user = User.createStaff(UserId.random(), email, account.name(), account.role(), account.permissions(),
                hasher.hash(temporary), expiresAt, now);
        users.add(user);
        events.publishEvent(new IdentityEvents.StaffAccountCreated(UUID.randomUUID(), now, actorId, user.id().value(),
                account.role(), clientIp));
        events.publishEvent(temporaryPasswordIssued(cipher, user, false, temporary, expiresAt, now));
        return user.id();
    }

    static IdentityEvents.TemporaryPasswordIssued temporaryPasswordIssued(FieldCipher cipher, User user, boolean reset,
            String temporary, Instant expiresAt, Instant now) {
        UUID userId = user.id().value();
        return new IdentityEvents.TemporaryPasswordIssued(UUID.randomUUID(), now, userId, reset,
                cipher.encrypt(temporary, IdentityEvents.TemporaryPasswordIssued.CIPHER_CONTEXT + userId), expiresAt);
    }

    static MedbookException notStaff() {
        return new MedbookException(ProblemKind.RULE_BROKEN, "not-staff", "Only staff accounts have passwords");
    }
}
