package org.medbook.notifications.infrastructure;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import jakarta.mail.internet.MimeUtility;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The e-mail bodies' own quoted-printable: what Jakarta Mail's decoder (as every mail client's) reads
 * back is the text, with CRLF line breaks; the wire carries only ASCII in lines of at most 76
 * characters, with no space or tab at a line's end.
 */
class QuotedPrintableTests {

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "Hello",
            "Grüße aus Köln, Ihre Ärztin — 09:30 (Europe/Berlin) €",
            "a=b and =3D stays what it says",
            "trailing space \nand tab\t\r\nand a last space ",
            "line one\rline two\r\nline three\n\nline five",
            "BEGIN:VCALENDAR\r\nSUMMARY:Termin bei Dr. Müller\r\nEND:VCALENDAR\r\n",
            "<p style=\"margin:0\">A long paragraph of HTML that goes on well past the seventy-six characters a quoted-printable line may hold, with = signs, ümlauts and    runs of spaces    in it.</p>",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx=",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxé",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx \n",
            ".a dot at the start\n.of lines"})
    void readsBackAsTheTextWithCrlfLineBreaks(String text) throws Exception {
        byte[] encoded = QuotedPrintable.encode(text);

        assertThat(decode(encoded)).isEqualTo(crlf(text));
        wireRules(encoded);
    }

    @Test
    void anyTextReadsBackAndKeepsTheWireRules() throws Exception {
        Random random = new Random(20261202);
        String[] alphabet = {"a", "Z", "0", "9", " ", "\t", "=", ".", "\r", "\n", "-", "ß", "ä", "€", "😀", "<", "\""};
        for (int round = 0; round < 2_000; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(300);
            while (text.length() < length) {
                text.append(alphabet[random.nextInt(alphabet.length)]);
            }
            byte[] encoded = QuotedPrintable.encode(text.toString());
            assertThat(decode(encoded)).as("round %d: %s", round, text).isEqualTo(crlf(text.toString()));
            wireRules(encoded);
        }
    }

    @Test
    void printableAsciiStaysReadable() {
        assertThat(new String(QuotedPrintable.encode("Your visit on Tuesday 2 March 2027, 09:30.\n"), StandardCharsets.US_ASCII))
                .isEqualTo("Your visit on Tuesday 2 March 2027, 09:30.\r\n");
        assertThat(new String(QuotedPrintable.encode("Grüße = 5 €"), StandardCharsets.US_ASCII))
                .isEqualTo("Gr=C3=BC=C3=9Fe =3D 5 =E2=82=AC");
    }

    private static void wireRules(byte[] encoded) {
        String wire = new String(encoded, StandardCharsets.ISO_8859_1);
        assertThat(wire.chars()).allMatch(c -> c == '\r' || c == '\n' || c == '\t' || c >= 32 && c <= 126);
        assertThat(wire.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
        for (String line : wire.split("\r\n", -1)) {
            assertThat(line.length()).as("line %s", line).isLessThanOrEqualTo(QuotedPrintable.MAX_LINE);
            assertThat(line).doesNotEndWith(" ").doesNotEndWith("\t");
        }
    }

    private static String decode(byte[] encoded) throws Exception {
        try (InputStream in = MimeUtility.decode(new ByteArrayInputStream(encoded), "quoted-printable")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String crlf(String text) {
        return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n");
    }
}
