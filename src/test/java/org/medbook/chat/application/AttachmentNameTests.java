package org.medbook.chat.application;

import org.junit.jupiter.api.Test;
import org.medbook.chat.domain.FileType;

import static org.assertj.core.api.Assertions.assertThat;

/** The name a file is stored and downloaded under: no path, no control character, the type's extension. */
class AttachmentNameTests {

    @Test
    void aNameEndingInItsTypesExtensionIsKeptWhateverItsCase() {
        assertThat(UploadAttachmentHandler.nameFor("x-ray.png", FileType.PNG)).isEqualTo("x-ray.png");
        assertThat(UploadAttachmentHandler.nameFor("Lab Result.PDF", FileType.PDF)).isEqualTo("Lab Result.PDF");
        assertThat(UploadAttachmentHandler.nameFor("rash.jpg", FileType.JPEG)).isEqualTo("rash.jpg");
        assertThat(UploadAttachmentHandler.nameFor("rash.JPEG", FileType.JPEG)).as("JPEG's other extension").isEqualTo("rash.JPEG");
    }

    @Test
    void anyOtherNameGetsTheExtensionOfWhatTheContentIs() {
        assertThat(UploadAttachmentHandler.nameFor("rash.jpeg", FileType.PNG)).as(".jpeg only fits a JPEG")
                .isEqualTo("rash.jpeg.png");
        assertThat(UploadAttachmentHandler.nameFor("invoice.exe", FileType.PDF)).isEqualTo("invoice.exe.pdf");
        assertThat(UploadAttachmentHandler.nameFor("scan", FileType.JPEG)).isEqualTo("scan.jpg");
    }

    @Test
    void pathsControlCharactersAndEmptyNamesAreDropped() {
        assertThat(UploadAttachmentHandler.nameFor("..\\..\\windows\\notes.pdf", FileType.PDF)).isEqualTo("notes.pdf");
        assertThat(UploadAttachmentHandler.nameFor("/etc/\"pass\u0007wd\"", FileType.PDF)).isEqualTo("passwd.pdf");
        assertThat(UploadAttachmentHandler.nameFor("..", FileType.PNG)).isEqualTo("attachment.png");
        assertThat(UploadAttachmentHandler.nameFor(null, FileType.GIF)).isEqualTo("attachment.gif");
    }

    @Test
    void aLongNameIsCutThenGivenItsExtension() {
        String longest = "a".repeat(UploadAttachmentHandler.MAX_NAME);
        assertThat(UploadAttachmentHandler.nameFor(longest + "bcd", FileType.PDF)).isEqualTo(longest + ".pdf");
        assertThat(UploadAttachmentHandler.nameFor(longest, FileType.PDF)).isEqualTo(longest + ".pdf");
    }
}
