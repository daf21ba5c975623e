package org.medbook.identity.domain;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordPolicyTests {

    private final PasswordPolicy policy = new PasswordPolicy(Set.of("password123", "iloveyou1")::contains);

    @Test
    void acceptsAnyLongEnoughPasswordWithoutCompositionRules() {
        assertThat(policy.violation("correct horse battery staple", "ann@example.org")).isEmpty();
        assertThat(policy.violation("alllowercase", null)).isEmpty();
    }

    @Test
    void refusesFewerThanEightCharactersCountingCodePoints() {
        assertThat(policy.violation("1234567", null)).isPresent();
        assertThat(policy.violation("😀😀😀😀😀😀😀", null)).isPresent();
        assertThat(policy.violation("😀😀😀😀😀😀😀😀", null)).isEmpty();
    }

    @Test
    void allowsAtLeastSixtyFourCharacters() {
        assertThat(policy.violation("x".repeat(64), null)).isEmpty();
        assertThat(policy.violation("x".repeat(128), null)).isEmpty();
        assertThat(policy.violation("x".repeat(129), null)).isPresent();
    }

    @Test
    void refusesCommonPasswords() {
        assertThat(policy.violation("password123", null)).hasValueSatisfying(reason -> assertThat(reason).contains("common"));
    }

    @Test
    void refusesTheEmailAddressItself() {
        assertThat(policy.violation("Ann.Smith@Example.org", "ann.smith@example.org")).isPresent();
        assertThat(policy.violation("ann.smith", "ann.smith@example.org")).isPresent();
    }
}
