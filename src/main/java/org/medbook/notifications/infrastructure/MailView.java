package org.medbook.notifications.infrastructure;

import java.util.List;

/**
 * Everything one notification e-mail says, already worded in the recipient's language and zone: the
 * model of the templates {@code src/main/jte/mail-html|mail-text/notification.jte}, which only lay it
 * out (public because the compiled templates live in packages of their own).
 *
 * @param passwordLabel and {@code password}: a staff account's temporary password, or both null
 * @param calendarNote  what the attached invitation does, or null when there is none
 */
public record MailView(String language, String title, String greeting, String body, List<Row> details,
                       String passwordLabel, String password, String calendarNote, String signature, String footer) {

    /** A line of the visit's details: "When: Tuesday 2 March 2027, 09:30 (Europe/Berlin)". */
    public record Row(String label, String value) {
    }
}
