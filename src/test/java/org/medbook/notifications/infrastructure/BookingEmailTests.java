package org.medbook.notifications.infrastructure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import biweekly.ICalendar;
import biweekly.component.VEvent;

import org.junit.jupiter.api.Test;
import org.medbook.booking.BookingEvents;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;
import org.medbook.support.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Booking e-mails as they arrive over SMTP (GreenMail): text and HTML, the recipient's language and
 * zone, a calendar message that follows the booking, a Message-ID per delivery, no second copy of a
 * redelivered event, and one copy after the SMTP server comes back.
 */
class BookingEmailTests extends IntegrationTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final DateTimeFormatter ENGLISH = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm", Locale.ENGLISH);
    static final DateTimeFormatter GERMAN = DateTimeFormatter.ofPattern("EEEE, d. MMMM yyyy, HH:mm", Locale.GERMAN);

    @Autowired
    private JsonMapper json;

    @Autowired
    private org.medbook.notifications.application.NotificationsProperties notifications;

    @Test
    void aConfirmedBookingArrivesAsTextHtmlAndACalendarRequestThatFollowsTheBookingToItsCancellation()
            throws MessagingException {
        NewDoctor doctor = bookableDoctor();
        Patient ann = patient("ann");
        List<String> slots = slotsTwoDaysAhead(doctor.id());
        String booking = bookCash(ann, doctor.id(), slots.get(0));
        Instant start = instant(slots.get(0));

        MimeMessage confirmed = awaitMail(ann.email(), "Booking confirmed", 1);
        assertThat(confirmed.getContentType()).startsWith("multipart/mixed");
        assertThat(confirmed.getFrom()[0].toString()).contains("no-reply@medbook.org");
        String text = MailParts.content(confirmed, "text/plain");
        String html = MailParts.content(confirmed, "text/html");
        String when = ENGLISH.format(start.atZone(BERLIN)) + " (Europe/Berlin)";
        assertThat(text).contains("Booking confirmed", "Dr. Anna Müller", "When: " + when,
                "Address: Friedrichstr. 100, 10117 Berlin", "Please pay €60.00 in cash at the practice.");
        assertThat(html).contains("<html", "Dr. Anna Müller", when);
        assertThat(MailParts.contentType(confirmed, "text/calendar")).contains("method=REQUEST");
        ICalendar request = MailParts.calendar(confirmed);
        assertThat(request.getMethod().getValue()).isEqualTo("REQUEST");
        VEvent visit = request.getEvents().get(0);
        assertThat(visit.getUid().getValue()).isEqualTo(booking + "@medbook");
        assertThat(visit.getSequence().getValue()).isZero();
        assertThat(visit.getDateStart().getValue().toInstant()).isEqualTo(start);
        assertThat(visit.getDateEnd().getValue().toInstant()).isEqualTo(start.plus(Duration.ofMinutes(30)));
        assertThat(visit.getLocation().getValue()).isEqualTo("Friedrichstr. 100, 10117 Berlin");
        assertThat(visit.getOrganizer().getEmail()).isEqualTo("no-reply@medbook.org");
        assertThat(visit.getAttendees()).singleElement().satisfies(a -> assertThat(a.getEmail()).isEqualTo(ann.email()));
        assertThat(MailParts.attachment(confirmed, "invite.ics")).contains("UID:" + booking + "@medbook", "METHOD:REQUEST");

        String doctorToken = staffLogin(doctor.email(), doctor.temporaryPassword());
        Api.Response moved = api.post("/api/v1/bookings/" + booking + "/reschedule", Map.of("start", slots.get(1)), doctorToken);
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        MimeMessage rescheduled = awaitMail(ann.email(), "Booking moved", 1);
        VEvent movedVisit = MailParts.calendar(rescheduled).getEvents().get(0);
        assertThat(MailParts.calendar(rescheduled).getMethod().getValue()).isEqualTo("REQUEST");
        assertThat(movedVisit.getUid().getValue()).isEqualTo(booking + "@medbook");
        assertThat(movedVisit.getSequence().getValue()).isPositive();
        assertThat(movedVisit.getDateStart().getValue().toInstant()).isEqualTo(instant(slots.get(1)));
        assertThat(MailParts.content(rescheduled, "text/plain"))
                .contains("Previously: " + when, "When: " + ENGLISH.format(instant(slots.get(1)).atZone(BERLIN)));

        Api.Response cancelled = api.post("/api/v1/bookings/" + booking + "/cancel",
                Map.of("reason", "<b>Closed</b> & <script>alert(1)</script>"), doctorToken);
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        MimeMessage cancellation = awaitMail(ann.email(), "Booking cancelled", 1);
        assertThat(MailParts.contentType(cancellation, "text/calendar")).contains("method=CANCEL");
        ICalendar cancel = MailParts.calendar(cancellation);
        assertThat(cancel.getMethod().getValue()).isEqualTo("CANCEL");
        VEvent cancelledVisit = cancel.getEvents().get(0);
        assertThat(cancelledVisit.getUid().getValue()).isEqualTo(booking + "@medbook");
        assertThat(cancelledVisit.getSequence().getValue()).isGreaterThanOrEqualTo(movedVisit.getSequence().getValue());
        assertThat(cancelledVisit.getStatus().getValue()).isEqualTo("CANCELLED");
        assertThat(MailParts.content(cancellation, "text/html"))
                .contains("&lt;b&gt;Closed&lt;/b&gt; &amp; &lt;script&gt;")
                .doesNotContain("<b>Closed</b>", "<script>");
        assertThat(MailParts.content(cancellation, "text/plain")).contains("Reason: <b>Closed</b> & <script>alert(1)</script>");
    }

    @Test
    void aPatientWhoChoseGermanReadsGermanWithAGermanDate() {
        NewDoctor doctor = bookableDoctor();
        Patient jonas = patient("jonas");
        Api.Response language = api.patch("/api/v1/me", Map.of("preferredLanguage", "de"), jonas.token());
        assertThat(language.status()).as(language.toString()).isEqualTo(200);
        String start = slotsTwoDaysAhead(doctor.id()).get(0);
        bookCash(jonas, doctor.id(), start);

        MimeMessage confirmed = awaitMail(jonas.email(), "Termin bestätigt", 1);
        String text = MailParts.content(confirmed, "text/plain");
        assertThat(text).contains("Guten Tag", "Wann: " + GERMAN.format(instant(start).atZone(BERLIN)) + " (Europe/Berlin)",
                "Praxistermin", "Dr. Anna Müller", "Ihr Medbook-Team");
        assertThat(MailParts.content(confirmed, "text/html")).contains("lang=\"de\"", "Wann");
    }

    @Test
    void aPatientWhoChoseNewYorkTimeSeesTheVisitInNewYorkTime() {
        NewDoctor doctor = bookableDoctor();
        Patient mia = patient("mia");
        Api.Response zone = api.put("/api/v1/notification-preferences", Map.of("timeZone", "America/New_York"), mia.token());
        assertThat(zone.status()).as(zone.toString()).isEqualTo(200);
        String start = slotsTwoDaysAhead(doctor.id()).get(0);
        bookCash(mia, doctor.id(), start);

        String text = MailParts.content(awaitMail(mia.email(), "Booking confirmed", 1), "text/plain");
        assertThat(text).contains("When: " + ENGLISH.format(instant(start).atZone(ZoneId.of("America/New_York")))
                + " (America/New_York)").doesNotContain("Europe/Berlin");
    }

    @Test
    void theMessageIdNamesTheDeliveryAndARedeliveredEventSendsNoSecondEmail() throws Exception {
        NewDoctor doctor = bookableDoctor();
        Patient ann = patient("ann");
        String start = slotsTwoDaysAhead(doctor.id()).get(0);
        String booking = bookCash(ann, doctor.id(), start);
        MimeMessage confirmed = awaitMail(ann.email(), "Booking confirmed", 1);

        UUID delivery = uuid("SELECT d.id FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id"
                + " WHERE d.recipient_id = ? AND d.channel = 'EMAIL' AND n.kind = 'BOOKING_CONFIRMED'", UUID.fromString(ann.id()));
        assertThat(confirmed.getMessageID()).isEqualTo("<" + delivery + "@medbook.org>");

        UUID eventId = uuid("SELECT event_id FROM notifications WHERE recipient_id = ? AND kind = 'BOOKING_CONFIRMED'",
                UUID.fromString(ann.id()));
        long deliveriesBefore = count("SELECT count(*) FROM notification_deliveries WHERE event_id = ?", eventId);
        Instant at = instant(start);
        BookingEvents.AppointmentConfirmed again = new BookingEvents.AppointmentConfirmed(eventId, clock.instant(),
                UUID.fromString(booking), UUID.fromString(doctor.id()), UUID.fromString(ann.id()), at,
                at.plus(Duration.ofMinutes(30)), "CASH");
        execute("INSERT INTO notification_events (id, type, payload, created_at, next_attempt_at)"
                + " VALUES (?, ?, CAST(? AS jsonb), now(), now())", eventId, again.getClass().getName(), json.writeValueAsString(again));

        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT count(*) FROM notification_events WHERE id = ?", eventId) == 0);
        assertThat(count("SELECT count(*) FROM notification_deliveries WHERE event_id = ?", eventId)).isEqualTo(deliveriesBefore);
        assertThat(count("SELECT count(*) FROM notification_deliveries WHERE event_id = ? AND status <> 'SENT'", eventId)).isZero();
        assertThat(mailsWithSubject(ann.email(), "Booking confirmed")).hasSize(1);
    }

    @Test
    void eventsThatCannotBeReadOrHandledAreSetAsideWithoutHoldingUpTheRest() throws Exception {
        // pinned, so the times the workers write can be checked exactly
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        clock.setTo(now);
        NewDoctor doctor = bookableDoctor();
        Patient ann = patient("ann");
        List<String> slots = slotsTwoDaysAhead(doctor.id());
        String first = bookCash(ann, doctor.id(), slots.get(0));
        awaitMail(ann.email(), "Booking confirmed", 1);
        java.time.OffsetDateTime earlier = now.minus(Duration.ofMinutes(1)).atOffset(java.time.ZoneOffset.UTC);
        String insert = "INSERT INTO notification_events (id, type, payload, created_at, next_attempt_at)"
                + " VALUES (?, ?, CAST(? AS jsonb), ?, ?)";
        UUID unreadable = UUID.randomUUID();
        execute(insert, unreadable, BookingEvents.AppointmentConfirmed.class.getName(), "{\"bookingId\": \"not a uuid\"}",
                earlier, earlier);
        UUID unknownType = UUID.randomUUID();
        execute(insert, unknownType, "org.example.SomethingElse", "{}", earlier, earlier);
        // read without trouble, but the notices it makes have no event to belong to: its batch fails
        UUID breaking = UUID.randomUUID();
        Instant at = instant(slots.get(0));
        BookingEvents.AppointmentConfirmed orphan = new BookingEvents.AppointmentConfirmed(null, now, UUID.fromString(first),
                UUID.fromString(doctor.id()), UUID.fromString(ann.id()), at, at.plus(Duration.ofMinutes(30)), "CASH");
        execute(insert, breaking, orphan.getClass().getName(), json.writeValueAsString(orphan), earlier, earlier);

        String second = bookCash(ann, doctor.id(), slots.get(1));

        awaitMail(ann.email(), "Booking confirmed", 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT count(*) FROM notification_events"
                + " WHERE id IN (?, ?, ?) AND attempts = 1 AND last_error IS NOT NULL", unreadable, unknownType, breaking) == 3);
        java.time.OffsetDateTime later = now.plus(notifications.maxRetryAfter()).atOffset(java.time.ZoneOffset.UTC);
        assertThat(count("SELECT count(*) FROM notification_events WHERE id IN (?, ?) AND next_attempt_at = ?",
                unreadable, unknownType, later)).as("unreadable: set aside for the longest wait").isEqualTo(2);
        assertThat(count("SELECT count(*) FROM notification_events WHERE id = ? AND next_attempt_at = ?", breaking,
                now.plus(notifications.backOff(1)).atOffset(java.time.ZoneOffset.UTC)))
                .as("failed on its own: tried again after the first back-off").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM notifications WHERE data->>'bookingId' = ?", second))
                .as("the next booking's event was handled, for patient and doctor").isEqualTo(2);
        assertThat(count("SELECT count(*) FROM notifications WHERE data->>'bookingId' = ?", first))
                .as("the failed event added nothing").isEqualTo(2);
        execute("DELETE FROM notification_events WHERE id IN (?, ?, ?)", unreadable, unknownType, breaking);
        assertThat(mailsWithSubject(ann.email(), "Booking confirmed")).hasSize(2);
    }

    @Test
    void whileTheSmtpServerIsDownTheEmailWaitsAndArrivesOnceWhenItIsBack() throws Exception {
        NewDoctor doctor = bookableDoctor();
        Patient ann = patient("ann");
        String admin = adminToken();
        String start = slotsTwoDaysAhead(doctor.id()).get(0);

        MAIL.stop();
        try {
            bookCash(ann, doctor.id(), start);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode pending = deliveryOf(admin, "PENDING", ann.id());
                assertThat(pending).as("a pending e-mail to the patient").isNotNull();
                assertThat(pending.path("attempts").asInt()).isEqualTo(1);
                assertThat(pending.path("lastError").asString()).isNotBlank();
            });
        } finally {
            MAIL.start();
        }
        assertThat(mailsTo(ann.email())).isEmpty();

        clock.advance(Duration.ofMinutes(2));
        MimeMessage arrived = awaitMail(ann.email(), "Booking confirmed", 1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(deliveryOf(admin, "SENT", ann.id())).isNotNull());
        JsonNode sent = deliveryOf(admin, "SENT", ann.id());
        assertThat(sent.path("attempts").asInt()).isEqualTo(2);
        assertThat(arrived.getMessageID()).isEqualTo("<" + sent.path("id").asString() + "@medbook.org>");
        assertThat(mailsWithSubject(ann.email(), "Booking confirmed")).hasSize(1);
    }

    // ---- helpers ---------------------------------------------------------------------------

    record Patient(String email, String token, String id) {
    }

    private Patient patient(String name) {
        String email = uniqueEmail(name);
        String token = patientToken(email);
        Api.Response me = api.get("/api/v1/me", token);
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        return new Patient(email, token, me.text("id"));
    }

    /** In-person slots at least two days ahead, so no reminder falls due while the test runs. */
    private List<String> slotsTwoDaysAhead(String doctorId) {
        Instant after = clock.instant().plus(Duration.ofDays(2));
        List<String> slots = freeSlots(doctorId, "IN_PERSON", 6).stream().filter(s -> instant(s).isAfter(after)).toList();
        assertThat(slots).hasSizeGreaterThan(2);
        return slots;
    }

    private String bookCash(Patient patient, String doctorId, String start) {
        Api.Response booked = book(patient.token(), doctorId, start, "IN_PERSON", "CASH", UUID.randomUUID().toString());
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        return booked.text("id");
    }

    private static Instant instant(String offsetDateTime) {
        return OffsetDateTime.parse(offsetDateTime).toInstant();
    }

    private static List<MimeMessage> mailsWithSubject(String address, String subject) {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage mail : mailsTo(address)) {
            try {
                if (subject.equals(mail.getSubject())) {
                    found.add(mail);
                }
            } catch (MessagingException e) {
                throw new AssertionError(e);
            }
        }
        return found;
    }

    private static MimeMessage awaitMail(String address, String subject, int nth) {
        await().atMost(Duration.ofSeconds(15)).until(() -> mailsWithSubject(address, subject).size() >= nth);
        return mailsWithSubject(address, subject).get(nth - 1);
    }

    /** The patient's BOOKING_CONFIRMED e-mail delivery in that status, from the back office list. */
    private JsonNode deliveryOf(String admin, String status, String recipientId) {
        Api.Response page = api.get("/api/v1/admin/notifications?status=" + status + "&recipientId=" + recipientId + "&size=100", admin);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        for (JsonNode item : page.body().path("items")) {
            if (recipientId.equals(item.path("recipientId").asString()) && "EMAIL".equals(item.path("channel").asString())
                    && "BOOKING_CONFIRMED".equals(item.path("kind").asString())) {
                return item;
            }
        }
        return null;
    }

    private static UUID uuid(String sql, Object... parameters) throws SQLException {
        try (Connection connection = TestDatabase.connect(); PreparedStatement query = prepare(connection, sql, parameters);
             ResultSet rows = query.executeQuery()) {
            assertThat(rows.next()).as(sql).isTrue();
            return rows.getObject(1, UUID.class);
        }
    }

    private static long count(String sql, Object... parameters) throws SQLException {
        try (Connection connection = TestDatabase.connect(); PreparedStatement query = prepare(connection, sql, parameters);
             ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void execute(String sql, Object... parameters) throws SQLException {
        try (Connection connection = TestDatabase.connect(); PreparedStatement statement = prepare(connection, sql, parameters)) {
            statement.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
