package org.medbook.identity.domain;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StoredCodeTests {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final byte[] RIGHT = {1, 2, 3};
    private static final byte[] WRONG = {1, 2, 4};

    @Test
    void acceptsTheRightCodeBeforeItExpires() {
        StoredCode code = new StoredCode(RIGHT, NOW.plusSeconds(300), 0);

        assertThat(code.check(RIGHT, NOW.plusSeconds(299), 5)).isInstanceOf(StoredCode.Check.Accepted.class);
    }

    @Test
    void refusesEvenTheRightCodeAtTheMomentItExpires() {
        StoredCode code = new StoredCode(RIGHT, NOW.plusSeconds(300), 0);

        assertThat(code.check(RIGHT, NOW.plusSeconds(300), 5)).isInstanceOf(StoredCode.Check.Expired.class);
    }

    @Test
    void countsDownTheAttemptsLeftOnAWrongCode() {
        assertThat(new StoredCode(RIGHT, NOW.plusSeconds(300), 0).check(WRONG, NOW, 5))
                .isEqualTo(new StoredCode.Check.Rejected(4));
        assertThat(new StoredCode(RIGHT, NOW.plusSeconds(300), 4).check(WRONG, NOW, 5))
                .isEqualTo(new StoredCode.Check.Rejected(0));
    }

    @Test
    void aCodeTriedTooOftenIsDeadEvenForTheRightValue() {
        StoredCode exhausted = new StoredCode(RIGHT, NOW.plusSeconds(300), 5);

        assertThat(exhausted.check(RIGHT, NOW, 5)).isInstanceOf(StoredCode.Check.Expired.class);
    }
}
