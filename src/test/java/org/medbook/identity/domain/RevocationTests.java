package org.medbook.identity.domain;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RevocationTests {

    private static final UUID USER = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final Instant CUT = Instant.parse("2026-03-01T10:00:00.400Z");
    private static final Instant FORGET_AFTER = CUT.plusSeconds(900);

    private final Revocation.TokensBefore revocation = new Revocation.TokensBefore(USER, CUT, FORGET_AFTER);

    @Test
    void coversTokensIssuedInAnEarlierSecond() {
        assertThat(revocation.covers(Instant.parse("2026-03-01T09:59:59.999Z"))).isTrue();
        assertThat(revocation.covers(Instant.parse("2026-03-01T09:00:00Z"))).isTrue();
    }

    @Test
    void doesNotCoverTokensIssuedInTheSameSecondOrLater() {
        assertThat(revocation.covers(Instant.parse("2026-03-01T10:00:00Z"))).isFalse();
        assertThat(revocation.covers(Instant.parse("2026-03-01T10:00:00.900Z"))).isFalse();
        assertThat(revocation.covers(Instant.parse("2026-03-01T10:00:01Z"))).isFalse();
    }

    @Test
    void coversATokenWithoutAnIssueTime() {
        assertThat(revocation.covers(null)).isTrue();
    }

    @Test
    void anEntryIsKeptUntilTheTokensItCoversHaveExpired() {
        Revocation session = new Revocation.Session(UUID.randomUUID(), FORGET_AFTER);

        assertThat(revocation.expiresAt()).isEqualTo(FORGET_AFTER);
        assertThat(session.expiresAt()).isEqualTo(FORGET_AFTER);
    }

    @Test
    void anEntryNamesWhatItRevokesAndUntilWhen() {
        assertThatThrownBy(() -> new Revocation.TokensBefore(USER, null, FORGET_AFTER))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Revocation.Session(null, FORGET_AFTER)).isInstanceOf(NullPointerException.class);
    }
}
