package org.medbook.identity.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.identity.Role;
import org.medbook.identity.UserId;
import org.medbook.identity.domain.Destination;
import org.medbook.identity.domain.User;
import org.medbook.identity.domain.Users;
import org.medbook.shared.MedbookException;
import org.medbook.shared.privacy.PersonalData;
import org.medbook.shared.privacy.PersonalDataPart;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.SimpleTransactionStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rule an administrator's erasure follows whoever asks: at least one active administrator must be
 * left. Over HTTP the one who asks is an active administrator, so it takes two erasing each other at once
 * to reach it; here the administrators the store finds under its lock are given directly.
 */
class EraseAccountHandlerTests {

    private static final Instant NOW = Instant.parse("2032-01-10T09:00:00Z");

    private final UserId admin = new UserId(UUID.randomUUID());
    private final UserId other = new UserId(UUID.randomUUID());
    private final List<UUID> erased = new ArrayList<>();

    @Test
    void theLastActiveAdministratorIsNotErased() {
        EraseAccountHandler handler = handler(List.of(admin));

        assertThatThrownBy(() -> handler.handle(new EraseAccountCommand(admin.value(), other.value(), null, null, true)))
                .isInstanceOfSatisfying(MedbookException.class, e -> assertThat(e.slug()).isEqualTo("last-admin"));
        assertThat(erased).isEmpty();
    }

    @Test
    void anAdministratorIsErasedWhileAnotherStaysActive() {
        handler(List.of(admin, other)).handle(new EraseAccountCommand(admin.value(), other.value(), null, null, true));

        assertThat(erased).containsExactly(admin.value());
    }

    @Test
    void aHelperMayNotEraseStaff() {
        EraseAccountHandler handler = handler(List.of(admin, other));

        assertThatThrownBy(() -> handler.handle(new EraseAccountCommand(admin.value(), other.value(), null, null, false)))
                .isInstanceOfSatisfying(MedbookException.class, e -> assertThat(e.slug()).isEqualTo("forbidden"));
        assertThat(erased).isEmpty();
    }

    private EraseAccountHandler handler(List<UserId> activeAdmins) {
        User target = User.createStaff(admin, "admin@medbook.test", "Ada Admin", Role.ADMIN, Set.of(), "hash",
                NOW.plus(Duration.ofDays(1)), NOW);
        PersonalData part = new PersonalData() {
            @Override
            public String part() {
                return "test";
            }

            @Override
            public PersonalDataPart export(UUID userId) {
                return PersonalDataPart.of(List.of());
            }

            @Override
            public void erase(UUID userId, Instant now) {
                erased.add(userId);
            }
        };
        return new EraseAccountHandler(new AdminsOnly(target, activeAdmins), null, List.of(part), event -> { },
                new NoTransactions(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** Knows one account and which administrators are active; nothing else is asked of it here. */
    private record AdminsOnly(User user, List<UserId> activeAdmins) implements Users {

        @Override
        public Optional<User> findById(UserId id) {
            return id.equals(user.id()) ? Optional.of(user) : Optional.empty();
        }

        @Override
        public List<UserId> lockActiveAdmins() {
            return activeAdmins;
        }

        @Override
        public Optional<User> findByEmail(String normalisedEmail) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<User> findByPhone(String e164) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<User> findByGoogleSubject(String subject) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<User> findByDestination(Destination destination) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean anyAdmin() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void add(User user) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void erase(UserId id, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void update(User user) {
            throw new UnsupportedOperationException();
        }
    }

    private static final class NoTransactions implements PlatformTransactionManager {

        @Override
        public TransactionStatus getTransaction(TransactionDefinition definition) {
            return new SimpleTransactionStatus();
        }

        @Override
        public void commit(TransactionStatus status) {
        }

        @Override
        public void rollback(TransactionStatus status) {
        }
    }
}
