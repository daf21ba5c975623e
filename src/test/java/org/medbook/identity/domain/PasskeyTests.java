package org.medbook.identity.domain;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.identity.UserId;

import static org.assertj.core.api.Assertions.assertThat;

class PasskeyTests {

    static final Instant CREATED = Instant.parse("2031-01-01T08:00:00Z");
    static final Instant LATER = Instant.parse("2031-01-02T08:00:00Z");

    @Test
    void aCounterThatMovesForwardIsAUse() {
        Passkey.Use use = passkey(5).use(6, LATER);

        assertThat(use).isInstanceOf(Passkey.Used.class);
        Passkey used = ((Passkey.Used) use).passkey();
        assertThat(used.signCount()).isEqualTo(6);
        assertThat(used.lastUsedAt()).isEqualTo(LATER);
    }

    @Test
    void aCounterThatStaysOrGoesBackBetraysACopy() {
        assertThat(passkey(5).use(5, LATER)).isEqualTo(new Passkey.CounterWentBack(5, 5));
        assertThat(passkey(5).use(3, LATER)).isEqualTo(new Passkey.CounterWentBack(5, 3));
        assertThat(passkey(5).use(0, LATER)).isEqualTo(new Passkey.CounterWentBack(5, 0));
    }

    @Test
    void anAuthenticatorWithoutACounterProvesNothingEitherWay() {
        assertThat(passkey(0).use(0, LATER)).isInstanceOf(Passkey.Used.class);
        assertThat(passkey(0).use(1, LATER)).isInstanceOf(Passkey.Used.class);
    }

    private static Passkey passkey(long signCount) {
        return new Passkey(UUID.randomUUID(), new byte[] {1, 2, 3}, new UserId(UUID.randomUUID()), "Key", new byte[] {4},
                signCount, Set.of("internal"), true, false, false, new byte[] {5}, new byte[] {6}, CREATED, null);
    }
}
