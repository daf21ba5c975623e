package org.medbook.notifications.infrastructure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;

import biweekly.Biweekly;
import biweekly.ICalendar;

/** The parts of a received e-mail as a mail client finds them, decoded. */
final class MailParts {

    private MailParts() {
    }

    /** Every leaf part, depth first, with the content types of the multiparts that hold it. */
    static List<Part> leaves(Part part) {
        List<Part> leaves = new ArrayList<>();
        collect(part, leaves);
        return leaves;
    }

    /** The decoded text of the first leaf of that type (text/plain, text/html, text/calendar). */
    static String content(Part mail, String mimeType) {
        for (Part leaf : leaves(mail)) {
            try {
                if (leaf.isMimeType(mimeType) && !Part.ATTACHMENT.equalsIgnoreCase(leaf.getDisposition())) {
                    try (InputStream in = leaf.getInputStream()) {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
                    }
                }
            } catch (MessagingException | IOException e) {
                throw new AssertionError(e);
            }
        }
        return null;
    }

    /** The attachment of that file name, decoded, or null. */
    static String attachment(Part mail, String fileName) {
        for (Part leaf : leaves(mail)) {
            try {
                if (fileName.equals(leaf.getFileName())) {
                    try (InputStream in = leaf.getInputStream()) {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
            } catch (MessagingException | IOException e) {
                throw new AssertionError(e);
            }
        }
        return null;
    }

    static String contentType(Part mail, String mimeType) {
        for (Part leaf : leaves(mail)) {
            try {
                if (leaf.isMimeType(mimeType)) {
                    return leaf.getContentType();
                }
            } catch (MessagingException e) {
                throw new AssertionError(e);
            }
        }
        return null;
    }

    /** The calendar message of a booking e-mail, parsed. */
    static ICalendar calendar(Part mail) {
        String ics = content(mail, "text/calendar");
        return ics == null ? null : Biweekly.parse(ics).first();
    }

    private static void collect(Part part, List<Part> leaves) {
        try {
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    collect(child, leaves);
                }
            } else {
                leaves.add(part);
            }
        } catch (MessagingException | IOException e) {
            throw new AssertionError(e);
        }
    }
}
