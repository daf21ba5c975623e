package org.medbook.identity.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.medbook.identity.UserId;

public interface Users {

    Optional<User> findById(UserId id);

    Optional<User> findByEmail(String normalisedEmail);

    Optional<User> findByPhone(String e164);

    Optional<User> findByGoogleSubject(String subject);

    Optional<User> findByDestination(Destination destination);

    boolean anyAdmin();

    /** The active, not erased administrators, locked until the transaction ends (in id order). */
    List<UserId> lockActiveAdmins();

    /** Inserts a new user; {@code email-in-use}/{@code phone-in-use} (409) when taken. */
    void add(User user);

    /**
     * Removes every personal field of the account for good and suspends it, keeping the row (its id is
     * what kept bookings and payments point to).
     */
    void erase(UserId id, Instant now);

    /** Saves changes, refusing a stale version with {@code stale-version} (409). */
    void update(User user);
}
