package org.medbook.identity.domain;

import org.junit.jupiter.api.Test;
import org.medbook.identity.domain.PasswordHasher.Check;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHasherTests {

    @Test
    void aPasswordThatOnlyMatchedBeforeNormalisationStillSignsIn() {
        assertThat(Check.MATCH.matched()).isTrue();
        assertThat(Check.MATCH_BUT_REHASH.matched()).isTrue();
        assertThat(Check.MISMATCH.matched()).isFalse();
    }
}
