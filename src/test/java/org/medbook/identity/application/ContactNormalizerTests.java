package org.medbook.identity.application;

import org.junit.jupiter.api.Test;
import org.medbook.identity.domain.Destination;
import org.medbook.shared.MedbookException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContactNormalizerTests {

    private final ContactNormalizer normalizer = new ContactNormalizer();

    @Test
    void writesEveryPhoneSpellingAsOneE164Number() {
        assertThat(normalizer.phone("+49 (30) 901820-77")).isEqualTo(new Destination.Phone("+493090182077"));
        assertThat(normalizer.phone("0049 30 90182077")).isEqualTo(new Destination.Phone("+493090182077"));
        assertThat(normalizer.phone("+1 415-555-0123").value()).isEqualTo("+14155550123");
    }

    @Test
    void lowerCasesAndTrimsEmails() {
        assertThat(normalizer.email("  Ann.Smith@Example.ORG ")).isEqualTo(new Destination.Email("ann.smith@example.org"));
    }

    @Test
    void guessesTheChannelFromTheValue() {
        assertThat(normalizer.normalise("ann@example.org")).isInstanceOf(Destination.Email.class);
        assertThat(normalizer.normalise("+14155550123")).isInstanceOf(Destination.Phone.class);
    }

    @Test
    void refusesWhatIsNeitherAPhoneNorAnEmail() {
        assertThatThrownBy(() -> normalizer.phone("030 1234567")).isInstanceOf(MedbookException.class);
        assertThatThrownBy(() -> normalizer.phone("+4912")).isInstanceOf(MedbookException.class);
        assertThatThrownBy(() -> normalizer.email("ann@")).isInstanceOf(MedbookException.class);
        assertThatThrownBy(() -> normalizer.email("a b@example.org")).isInstanceOf(MedbookException.class);
    }
}
