package org.medbook.identity.application;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.identity.domain.Revocation;
import org.medbook.shared.realtime.OpenSockets;
import org.medbook.support.TestClock;

import static org.assertj.core.api.Assertions.assertThat;

class RevokedTokensTests {

    private final TestClock clock = new TestClock();
    private final RevokedTokens revoked = new RevokedTokens(clock, new OpenSockets((message, timeout) -> true));
    private final UUID user = UUID.randomUUID();

    @Test
    void anEndedSessionCoversEveryTokenOfThatSessionOnly() {
        UUID session = UUID.randomUUID();
        revoked.remember(List.of(new Revocation.Session(session, clock.instant().plus(Duration.ofMinutes(10)))));

        assertThat(revoked.revoked(user, session, clock.instant())).isTrue();
        assertThat(revoked.revoked(user, UUID.randomUUID(), clock.instant())).isFalse();
        assertThat(revoked.revoked(user, null, clock.instant())).isFalse();
    }

    @Test
    void aUserCutCoversTokensOfEarlierSecondsButNotOfItsOwnSecondOrLater() {
        Instant cut = Instant.parse("2026-03-01T10:00:00.600Z");
        revoked.remember(List.of(new Revocation.TokensBefore(user, cut, clock.instant().plus(Duration.ofMinutes(10)))));

        assertThat(revoked.revoked(user, null, Instant.parse("2026-03-01T09:59:59Z"))).isTrue();
        assertThat(revoked.revoked(user, UUID.randomUUID(), Instant.parse("2026-03-01T09:59:59Z"))).isTrue();
        assertThat(revoked.revoked(user, null, Instant.parse("2026-03-01T10:00:00Z"))).isFalse();
        assertThat(revoked.revoked(user, null, Instant.parse("2026-03-01T10:00:01Z"))).isFalse();
        assertThat(revoked.revoked(user, null, null)).as("a token without iat").isTrue();
        assertThat(revoked.revoked(UUID.randomUUID(), null, Instant.parse("2026-03-01T09:00:00Z"))).isFalse();
    }

    @Test
    void theLaterCutWinsWhicheverIsHeardFirst() {
        Instant expires = clock.instant().plus(Duration.ofMinutes(10));
        Instant early = Instant.parse("2026-03-01T10:00:00Z");
        Instant late = Instant.parse("2026-03-01T11:00:00Z");
        revoked.remember(List.of(new Revocation.TokensBefore(user, late, expires)));
        revoked.remember(List.of(new Revocation.TokensBefore(user, early, expires)));

        assertThat(revoked.revoked(user, null, Instant.parse("2026-03-01T10:30:00Z"))).isTrue();
    }

    @Test
    void entriesAreForgottenOnceEveryTokenTheyCoverHasExpired() {
        UUID session = UUID.randomUUID();
        revoked.remember(List.of(new Revocation.Session(session, clock.instant().plus(Duration.ofMinutes(10))),
                new Revocation.TokensBefore(user, clock.instant(), clock.instant().plus(Duration.ofMinutes(10)))));
        assertThat(revoked.forgetExpired()).isEqualTo(2);

        clock.advance(Duration.ofMinutes(10).plusSeconds(1));

        assertThat(revoked.revoked(user, session, Instant.EPOCH)).isFalse();
        assertThat(revoked.forgetExpired()).isZero();
    }
}
