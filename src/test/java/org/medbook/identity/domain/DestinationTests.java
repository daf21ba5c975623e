package org.medbook.identity.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DestinationTests {

    @Test
    void masksWithoutGivingTheAddressAway() {
        assertThat(new Destination.Email("ann.smith@example.org").masked()).isEqualTo("a***@example.org");
        assertThat(new Destination.Phone("+493012345678").masked()).isEqualTo("+493***78");
    }

    @Test
    void anEmailCodeGoesByEmailAndAPhoneCodeBySms() {
        assertThat(new Destination.Email("ann@example.org").channel()).isEqualTo(Channel.EMAIL);
        assertThat(new Destination.Phone("+493012345678").channel()).isEqualTo(Channel.SMS);
    }

    @Test
    void acceptsOnlyNormalisedValues() {
        assertThatThrownBy(() -> new Destination.Email("Ann@Example.org")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Destination.Phone("030 1234567")).isInstanceOf(IllegalArgumentException.class);
    }
}
