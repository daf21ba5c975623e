package org.medbook.notifications.infrastructure;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.medbook.notifications.application.ChannelSender.Outgoing;
import org.medbook.notifications.application.NotificationTexts;
import org.medbook.notifications.domain.Category;
import org.medbook.notifications.domain.Kind;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.messageresolver.IMessageResolver;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Writes a delivery as an e-mail, in the recipient's language and zone: the subject is the
 * notification's title; the plain text and the HTML come from the templates
 * {@code notifications/mail/notification.txt|html}, framed by greeting, details of the visit, the
 * temporary password of a staff account and a footer, all worded by the message bundles. Booking
 * kinds add a calendar message. Thymeleaf escapes every value in the HTML, so a name or a reason can
 * never become markup.
 */
@Component
class EmailComposer {

    static final Set<Kind> CALENDAR_REQUESTS = EnumSet.of(Kind.BOOKING_CONFIRMED, Kind.BOOKING_APPROVED,
            Kind.BOOKING_RESCHEDULED, Kind.VISIT_REMINDER);
    static final Set<Kind> CALENDAR_CANCELS = EnumSet.of(Kind.BOOKING_CANCELLED, Kind.BOOKING_DECLINED, Kind.HOLD_EXPIRED);

    private final NotificationTexts texts;
    private final EmailProperties properties;
    private final Clock clock;
    /** Our own engine, with nothing registered in Spring, so it never serves or shadows a web view. */
    private final TemplateEngine engine = new TemplateEngine();

    EmailComposer(NotificationTexts texts, EmailProperties properties, Clock clock) {
        this.texts = texts;
        this.properties = properties;
        this.clock = clock;
        engine.addTemplateResolver(resolver(TemplateMode.HTML, "*.html", 1));
        engine.addTemplateResolver(resolver(TemplateMode.TEXT, "*.txt", 2));
        engine.setMessageResolver(new BundleMessages(texts));
    }

    /** What one e-mail says; {@code invite} is null for kinds that are not about a visit in a calendar. */
    record Email(String subject, String text, String html, CalendarInvite invite) {
    }

    Email compose(Outgoing o) {
        Map<String, Object> data = o.data() == null ? Map.of() : o.data();
        CalendarInvite invite = invite(o, data);
        Context context = new Context(o.locale());
        context.setVariable("language", o.locale().getLanguage());
        context.setVariable("title", o.title());
        context.setVariable("greeting", greeting(o));
        context.setVariable("body", o.body());
        context.setVariable("details", details(o, data));
        context.setVariable("password", o.secret());
        context.setVariable("calendarNote", invite == null ? null
                : invite.method() == CalendarInvite.Kind.REQUEST ? "email.calendar.request" : "email.calendar.cancel");
        context.setVariable("security", o.kind().category() == Category.SECURITY);
        return new Email(o.title(), engine.process("notification.txt", context), engine.process("notification.html", context),
                invite);
    }

    private String greeting(Outgoing o) {
        String name = o.recipient().name();
        return name == null || name.isBlank()
                ? texts.text("email.greeting.anonymous", Map.of(), o.locale(), o.zone())
                : texts.text("email.greeting", Map.of("name", name.strip()), o.locale(), o.zone());
    }

    /** When, with whom, what kind of visit, where: for notices about a visit. */
    private List<Map<String, String>> details(Outgoing o, Map<String, Object> data) {
        List<Map<String, String>> rows = new ArrayList<>();
        Instant start = instant(data.get("start"));
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

    private void row(List<Map<String, String>> rows, Outgoing o, String label, String value) {
        if (value != null && !value.isBlank()) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("label", texts.text(label, Map.of(), o.locale(), o.zone()));
            row.put("value", value);
            rows.add(row);
        }
    }

    private CalendarInvite invite(Outgoing o, Map<String, Object> data) {
        CalendarInvite.Kind method = CALENDAR_REQUESTS.contains(o.kind()) ? CalendarInvite.Kind.REQUEST
                : CALENDAR_CANCELS.contains(o.kind()) ? CalendarInvite.Kind.CANCEL : null;
        Instant start = instant(data.get("start"));
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

    private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String pattern, int order) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(EmailComposer.class.getClassLoader());
        resolver.setPrefix("notifications/mail/");
        resolver.setTemplateMode(mode);
        resolver.setResolvablePatterns(Set.of(pattern));
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        resolver.setOrder(order);
        return resolver;
    }

    /** {@code #{key}} in a mail template reads the notification bundles, in the e-mail's language. */
    private record BundleMessages(NotificationTexts texts) implements IMessageResolver {

        @Override
        public String getName() {
            return "notification-bundles";
        }

        @Override
        public Integer getOrder() {
            return 0;
        }

        @Override
        public String resolveMessage(ITemplateContext context, Class<?> origin, String key, Object[] parameters) {
            Locale locale = context.getLocale() == null ? Locale.ENGLISH : context.getLocale();
            return texts.bundles().getMessage(key, null, null, locale);
        }

        @Override
        public String createAbsentMessageRepresentation(ITemplateContext context, Class<?> origin, String key,
                Object[] parameters) {
            return "??" + key + "??";
        }
    }
}
