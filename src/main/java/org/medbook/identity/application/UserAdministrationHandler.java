package org.medbook.identity.application;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.medbook.identity.IdentityEvents;
import org.medbook.identity.Permission;
import org.medbook.identity.Role;
import org.medbook.identity.UserId;
import org.medbook.identity.domain.PasswordHasher;
import org.medbook.identity.domain.User;
import org.medbook.identity.domain.Users;
import org.medbook.shared.Caller;
import org.medbook.shared.MedbookException;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.medbook.shared.ProblemKind;
import org.medbook.shared.crypto.FieldCipher;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The back office's user management. Endpoint permissions are checked by method security; the rules
 * about whom an actor may act on (nobody on themselves; only admins on staff) live here.
 */
@Component
public class UserAdministrationHandler {

    private final Users users;
    private final UserDirectory directory;
    private final SessionTermination sessions;
    private final PasswordHasher hasher;
    private final FieldCipher cipher;
    private final ApplicationEventPublisher events;
    private final IdentityProperties properties;
    private final Clock clock;

    UserAdministrationHandler(Users users, UserDirectory directory, SessionTermination sessions, PasswordHasher hasher,
            FieldCipher cipher, ApplicationEventPublisher events, IdentityProperties properties, Clock clock) {
        this.users = users;
        this.directory = directory;
        this.sessions = sessions;
        this.hasher = hasher;
        this.cipher = cipher;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public PageView<UserView> search(UserDirectory.UserSearch search, PageRequest page) {
        return directory.search(search, page);
    }

    @Transactional(readOnly = true)
    public UserView get(UUID userId) {
        return users.findById(new UserId(userId)).map(UserView::of).orElseThrow(() -> MedbookException.notFound("User"));
    }

    @Transactional
    public UserView suspend(UUID userId, String reason, Caller actor) {
        User user = target(userId, actor);
        Instant now = clock.instant();
        user.suspend(now);
        users.update(user);
        sessions.endAllSessionsOf(user.id(), now);
        events.publishEvent(new IdentityEvents.UserSuspended(UUID.randomUUID(), now, actor.userId(), userId, reason,
                actor.clientIp()));
        return UserView.of(user);
    }

    @Transactional
    public UserView reactivate(UUID userId, Caller actor) {
        User user = target(userId, actor);
        Instant now = clock.instant();
        user.reactivate(now);
        users.update(user);
        events.publishEvent(new IdentityEvents.UserReactivated(UUID.randomUUID(), now, actor.userId(), userId,
                actor.clientIp()));
        return UserView.of(user);
    }

    @Transactional
    public UserView replacePermissions(UUID userId, Set<Permission> permissions, Caller actor) {
        User user = target(userId, actor);
        Instant now = clock.instant();
        Set<Permission> before = user.grantedPermissions().isEmpty() ? EnumSet.noneOf(Permission.class)
                : EnumSet.copyOf(user.grantedPermissions());
        user.replacePermissions(permissions, now);
        users.update(user);
        // Tokens carry permissions: end the helper's sessions, so what was taken away stops working at once.
        sessions.endAllSessionsOf(user.id(), now);
        List<String> granted = new ArrayList<>();
        List<String> revoked = new ArrayList<>();
        for (Permission permission : Permission.values()) {
            if (permissions.contains(permission) && !before.contains(permission)) {
                granted.add(permission.code());
            }
            if (!permissions.contains(permission) && before.contains(permission)) {
                revoked.add(permission.code());
            }
        }
        events.publishEvent(new IdentityEvents.PermissionsChanged(UUID.randomUUID(), now, actor.userId(), userId,
                granted, revoked, actor.clientIp()));
        return UserView.of(user);
    }

    /** A new temporary password goes to the staff member by e-mail; the admin never sees it. */
    @Transactional
    public void resetPassword(UUID userId, Caller actor) {
        User user = target(userId, actor);
        if (!user.isStaff()) {
            throw StaffAccountsHandler.notStaff();
        }
        Instant now = clock.instant();
        String temporary = TemporaryPasswords.generate();
        Instant expiresAt = now.plus(properties.staff().temporaryPasswordTtl());
        user.issueTemporaryPassword(hasher.hash(temporary), expiresAt, now);
        users.update(user);
        sessions.endAllSessionsOf(user.id(), now);
        events.publishEvent(new IdentityEvents.PasswordResetIssued(UUID.randomUUID(), now, actor.userId(), userId,
                actor.clientIp()));
        events.publishEvent(StaffAccountsHandler.temporaryPasswordIssued(cipher, user, true, temporary, expiresAt, now));
    }

    private User target(UUID userId, Caller actor) {
        if (userId.equals(actor.userId())) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "self-administration",
                    "You cannot change your own account's status, permissions or password this way");
        }
        User user = users.findById(new UserId(userId)).orElseThrow(() -> MedbookException.notFound("User"));
        boolean targetIsBackOffice = user.roles().contains(Role.ADMIN) || user.roles().contains(Role.HELPER);
        if (targetIsBackOffice && !actor.hasRole(Role.ADMIN.name())) {
            throw new MedbookException(ProblemKind.FORBIDDEN, "forbidden",
                    "Only administrators manage administrator and helper accounts");
        }
        return user;
    }
}
