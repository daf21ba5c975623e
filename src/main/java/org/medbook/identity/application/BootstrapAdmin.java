package org.medbook.identity.application;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;

import org.medbook.identity.Role;
import org.medbook.identity.UserId;
import org.medbook.identity.domain.PasswordHasher;
import org.medbook.identity.domain.User;
import org.medbook.identity.domain.Users;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.medbook.shared.MedbookException;
import org.springframework.stereotype.Component;

/**
 * Creates the first admin from configuration when no admin exists yet. Its password is marked
 * temporary, so it must be replaced at the first sign-in.
 */
@Component
class BootstrapAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

    private final Users users;
    private final PasswordHasher hasher;
    private final ContactNormalizer normalizer;
    private final IdentityProperties properties;
    private final Clock clock;

    BootstrapAdmin(Users users, PasswordHasher hasher, ContactNormalizer normalizer, IdentityProperties properties,
            Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.normalizer = normalizer;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        IdentityProperties.BootstrapAdmin admin = properties.bootstrapAdmin();
        if (!admin.configured() || users.anyAdmin()) {
            return;
        }
        String email = normalizer.email(admin.email()).value();
        if (users.findByEmail(email).isPresent()) {
            log.warn("Bootstrap admin not created: the e-mail already belongs to another account");
            return;
        }
        Instant now = clock.instant();
        try {
            users.add(User.createStaff(UserId.random(), email, "Administrator", Role.ADMIN, Set.of(),
                    hasher.hash(admin.password()), null, now));
            log.info("Created the bootstrap admin account; its password must be changed at first sign-in");
        } catch (MedbookException anotherNodeWon) {
            log.info("Bootstrap admin was created by another node");
        }
    }
}
