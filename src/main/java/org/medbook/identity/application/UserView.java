package org.medbook.identity.application;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.medbook.identity.Permission;
import org.medbook.identity.Role;
import org.medbook.identity.domain.User;

/** A user as shown to themselves (GET /me) or to an admin. */
public record UserView(UUID id, List<String> roles, List<String> permissions, String status, String name,
                       String email, String phone, LocalDate dateOfBirth, String preferredLanguage,
                       boolean googleLinked, boolean passwordChangeRequired, Instant createdAt) {

    public static UserView of(User user) {
        return new UserView(user.id().value(),
                user.roles().stream().sorted(Comparator.naturalOrder()).map(Role::name).toList(),
                user.permissions().stream().sorted(Comparator.naturalOrder()).map(Permission::code).toList(),
                user.status().name(), user.name().orElse(null), user.email().orElse(null), user.phone().orElse(null),
                user.dateOfBirth().orElse(null), user.preferredLanguage().orElse(null),
                user.googleSubject().isPresent(), user.passwordChangeRequired(), user.createdAt());
    }
}
