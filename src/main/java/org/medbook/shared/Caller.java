package org.medbook.shared;

import java.util.Set;
import java.util.UUID;

/**
 * Who is calling, taken from the verified access token (never from the body), and from where.
 */
public record Caller(UUID userId, Set<String> roles, Set<String> permissions, String clientIp) {

    public Caller {
        roles = Set.copyOf(roles);
        permissions = Set.copyOf(permissions);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean can(String permission) {
        return permissions.contains(permission);
    }
}
