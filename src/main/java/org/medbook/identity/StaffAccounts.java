package org.medbook.identity;

import java.util.Set;
import java.util.UUID;

/**
 * Creates accounts for staff (doctors, admins, helpers). The account gets a one-time temporary
 * password by e-mail and must choose its own at first sign-in; nobody else ever sees it.
 */
public interface StaffAccounts {

    /**
     * @param actorId the admin (or permitted helper) creating the account, for the audit trail
     * @return the new account's id
     * @throws org.medbook.shared.MedbookException {@code email-in-use} (409) when the e-mail has an account
     */
    UserId create(NewStaffAccount account, UUID actorId, String clientIp);

    record NewStaffAccount(String email, String name, Role role, Set<Permission> permissions) {

        public NewStaffAccount {
            permissions = permissions == null ? Set.of() : Set.copyOf(permissions);
        }
    }
}
