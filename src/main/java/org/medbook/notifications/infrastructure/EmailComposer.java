package org.medbook.notifications.infrastructure;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.medbook.notifications.application.ChannelSender.Outgoing;
import org.medbook.notifications.application.NotificationTexts;
import org.medbook.notifications.domain.Category;
import org.medbook.notifications.domain.Kind;
import org.springframework.stereotype.Component;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

/**
 * Writes a delivery as an e-mail, in the recipient's language and zone: the subject is the
 * notification's title; the plain text and the HTML come from the jte templates
 * {@code src/main/jte/mail-text|mail-html/notification.jte} (compiled to classes at build time), framed by
 * greeting, details of the visit, the temporary password of a staff account and a footer, all worded
 * by the message bundles. Booking kinds add a calendar message. The HTML template escapes every value
 * for where it stands, so a name or a reason can never become markup.
 */
@Component
class EmailComposer {

    static final Set<Kind> CALENDAR_REQUESTS = EnumSet.of(Kind.BOOKING_CONFIRMED, Kind.BOOKING_APPROVED,
            Kind.BOOKING_RESCHEDULED, Kind.VISIT_REMINDER);
    static final Set<Kind> CALENDAR_CANCELS = EnumSet.of(Kind.BOOKING_CANCELLED, Kind.BOOKING_DECLINED, Kind.HOLD_EXPIRED);

    private final NotificationTexts texts;
    private final EmailProperties properties;
    private final Clock clock;
    /** Our own engines, with nothing registered in Spring, so they never serve or shadow a web view. */
    private final TemplateEngine html = TemplateEngine.createPrecompiled(null, ContentType.Html,
            EmailComposer.class.getClassLoader(), "org.medbook.notifications.infrastructure.mail.html");
    private final TemplateEngine text = TemplateEngine.createPrecompiled(null, ContentType.Plain,
            EmailComposer.class.getClassLoader(), "org.medbook.notifications.infrastructure.mail.text");

    EmailComposer(NotificationTexts texts, EmailProperties properties, Clock clock) {
        this.texts = texts;
        this.properties = properties;
        this.clock = clock;
    }

    /** What one e-mail says; {@code invite} is null for kinds that are not about a visit in a calendar. */
    record Email(String subject, String text, String html, CalendarInvite invite) {
    }

    Email compose(Outgoing o) {
        Map<String, Object> data = o.data() == null ? Map.of() : o.data();
        Instant start = instant(data.get("start"));
        CalendarInvite invite = invite(o, data, start);
        boolean security = o.kind().category() == Category.SECURITY;
        String calendarNote = invite == null ? null
                : invite.method() == CalendarInvite.Kind.REQUEST ? "email.calendar.request" : "email.calendar.cancel";
        MailView view = new MailView(o.locale().getLanguage(), o.title(), greeting(o), o.body(), details(o, data, start),
                o.secret() == null ? null : message("email.temporaryPassword", o), o.secret(),
                calendarNote == null ? null : message(calendarNote, o), message("email.signature", o),
                message(security ? "email.footer.security" : "email.footer", o));
        return new Email(o.title(), render(text, view), render(html, view), invite);
    }

    private static String render(TemplateEngine engine, MailView view) {
        StringOutput output = new StringOutput(4096);
        engine.render("notification.jte", view, output);
        return output.toString();
    }

    /** A fixed wording of the bundles, in the e-mail's language. */
    private String message(String key, Outgoing o) {
        return texts.bundles().getMessage(key, null, o.locale());
    }

    private String greeting(Outgoing o) {
        String name = o.recipient().name();
        return name == null || name.isBlank()
                ? texts.text("email.greeting.anonymous", Map.of(), o.locale(), o.zone())
                : texts.text("email.greeting", Map.of("name", name.strip()), o.locale(), o.zone());
    }

    /** When, with whom, what kind of visit, where: for notices about a visit. */
    private List<MailView.Row> details(Outgoing o, Map<String, Object> data, Instant start) {
        List<MailView.Row> rows = new ArrayList<>();
        if (!o.kind().aboutAVisit() || start == null) {
            return rows;
        }
        row(rows, o, "email.details.when", texts.time(start, o.locale(), o.zone()));
        Instant oldStart = instant(data.get("oldStart"));
        if (oldStart != null) {
            row(rows, o, "email.details.previously", texts.time(oldStart, o.locale(), o.zone()));
        }
        if (forPatient(o, data)) {
            row(rows, o, "email.details.doctor", string(data.get("doctorName")));
        } else {
            row(rows, o, "email.details.patient", string(data.get("patientName")));
        }
        String type = string(data.get("type"));
        if (type != null) {
            row(rows, o, "email.details.type", texts.bundles().getMessage("type." + type, null, type, o.locale()));
        }
        row(rows, o, "email.details.address", string(data.get("address")));
        row(rows, o, "email.details.joinUrl", string(data.get("joinUrl")));
        return rows;
    }

    private void row(List<MailView.Row> rows, Outgoing o, String label, String value) {
        if (value != null && !value.isBlank()) {
            rows.add(new MailView.Row(texts.text(label, Map.of(), o.locale(), o.zone()), value));
        }
    }

    private CalendarInvite invite(Outgoing o, Map<String, Object> data, Instant start) {
        CalendarInvite.Kind method = CALENDAR_REQUESTS.contains(o.kind()) ? CalendarInvite.Kind.REQUEST
                : CALENDAR_CANCELS.contains(o.kind()) ? CalendarInvite.Kind.CANCEL : null;
        Instant end = instant(data.get("end"));
        String bookingId = string(data.get("bookingId"));
        if (method == null || start == null || end == null || !end.isAfter(start) || bookingId == null
                || o.recipient().email() == null) {
            return null;
        }
        boolean patient = forPatient(o, data);
        String summary = patient && data.get("doctorName") != null || !patient && data.get("patientName") != null
                ? texts.text(patient ? "email.calendar.summary.patient" : "email.calendar.summary.doctor", data,
                        o.locale(), o.zone())
                : o.title();
        var sender = properties.sender();
        return new CalendarInvite(method, UUID.fromString(bookingId), sequence(data.get("sequence")), start, end, summary,
                string(data.get("address")), o.body(), new CalendarInvite.Person(sender.getPersonal(), sender.getAddress()),
                new CalendarInvite.Person(o.recipient().name(), o.recipient().email()),
                o.createdAt() == null ? clock.instant() : o.createdAt());
    }

    /** The booking's patient reads about the doctor; the doctor (and staff) about the patient. */
    private static boolean forPatient(Outgoing o, Map<String, Object> data) {
        Object patientId = data.get("patientId");
        return patientId == null ? o.recipient().patient() : patientId.toString().equals(o.recipient().id().toString());
    }

    private static int sequence(Object value) {
        if (value == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(value.toString()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value.toString());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

}
