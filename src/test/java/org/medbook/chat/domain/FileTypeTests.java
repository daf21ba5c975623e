package org.medbook.chat.domain;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FileTypeTests {

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void recognisesEachAcceptedTypeByItsFirstBytes() {
        assertThat(FileType.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00})).contains(FileType.JPEG);
        assertThat(FileType.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})).contains(FileType.PNG);
        assertThat(FileType.sniff(ascii("GIF87a...."))).contains(FileType.GIF);
        assertThat(FileType.sniff(ascii("GIF89a...."))).contains(FileType.GIF);
        assertThat(FileType.sniff(ascii("RIFF\0\0\0\0WEBP"))).contains(FileType.WEBP);
        assertThat(FileType.sniff(ascii("%PDF-1.4"))).contains(FileType.PDF);
    }

    @Test
    void refusesEverythingElse() {
        assertThat(FileType.sniff(ascii("RIFF\0\0\0\0WAVE"))).as("a RIFF that is audio").isEmpty();
        assertThat(FileType.sniff(ascii("<svg xmlns="))).isEmpty();
        assertThat(FileType.sniff(ascii("PK\3\4 a zip"))).isEmpty();
        assertThat(FileType.sniff(new byte[] {(byte) 0x89, 'P', 'N'})).as("too short").isEmpty();
        assertThat(FileType.sniff(new byte[0])).isEmpty();
    }
    @Test
    void eachTypeIsServedWithItsMediaTypeAndExtension() {
        assertThat(FileType.values()).extracting(FileType::contentType, FileType::extension).containsExactly(
                org.assertj.core.groups.Tuple.tuple("image/jpeg", "jpg"),
                org.assertj.core.groups.Tuple.tuple("image/png", "png"),
                org.assertj.core.groups.Tuple.tuple("image/gif", "gif"),
                org.assertj.core.groups.Tuple.tuple("image/webp", "webp"),
                org.assertj.core.groups.Tuple.tuple("application/pdf", "pdf"));
    }

    @Test
    void nothingAndARiffTooShortToNameItsFormatAreNoType() {
        assertThat(FileType.sniff(null)).isEmpty();
        assertThat(FileType.sniff(ascii("RIFF\0\0\0\0WEB"))).isEmpty();
    }
}
