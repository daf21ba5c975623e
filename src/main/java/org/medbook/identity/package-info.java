/**
 * Users, roles and helper permissions, one-time codes, passwords, Google sign-in, tokens and
 * sessions. Other modules use {@link org.medbook.identity.StaffAccounts} to create staff accounts
 * and listen to {@link org.medbook.identity.IdentityEvents}.
 */
@ApplicationModule(displayName = "Identity", allowedDependencies = {"shared :: *", "audit"})
package org.medbook.identity;

import org.springframework.modulith.ApplicationModule;
