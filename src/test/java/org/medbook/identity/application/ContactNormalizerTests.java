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
    void acceptsEveryDeliverableForm() {
        for (String address : java.util.List.of("o'brien+tag@mail.example.co.uk", "a.b-c_d@x-y.example", "x@xn--mller-kva.de",
                "ann@müller.de", "a@b.io", "o".repeat(64) + "@example.org")) {
            assertThat(normalizer.email(address).value()).as(address).isEqualTo(address.toLowerCase(java.util.Locale.ROOT));
        }
    }

    @Test
    void refusesAddressesMailCannotBeDeliveredToSayingWhy() {
        assertRefused("ops@[192.168.0.1]", "not an IP address");
        assertRefused("ops@localhost", "with a dot");
        assertRefused("ops@-x.example.org", "valid domain name");
        assertRefused("ops@example..org", "valid domain name");
        assertRefused("ops@192.168.0.1", "top-level domain");
        assertRefused("o..ps@example.org", "before the @");
        assertRefused("\"o ps\"@example.org", "before the @");
        assertRefused("ops@a@example.org", "exactly one @");
        assertRefused("o".repeat(65) + "@example.org", "1 to 64 characters");
        assertRefused("ops@" + "abcdefghi.".repeat(25) + "example.org", "at most 254");
        // 213 characters as typed, 277 once its labels are written in ASCII (punycode): over DNS's 253
        String longOnceEncoded = "a@" + String.join(".", java.util.Collections.nCopies(11, "ü".repeat(18))) + ".de";
        assertThat(longOnceEncoded).hasSizeLessThan(ContactNormalizer.MAX_ADDRESS);
        assertRefused(longOnceEncoded, "valid domain name");
        assertThat(ContactNormalizer.undeliverable("")).contains("is not a valid e-mail address");
    }

    private void assertRefused(String address, String why) {
        assertThatThrownBy(() -> normalizer.email(address, "email")).as(address).isInstanceOfSatisfying(MedbookException.class,
                e -> assertThat(e.properties().get("errors").toString()).contains("field=email").contains(why));
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
