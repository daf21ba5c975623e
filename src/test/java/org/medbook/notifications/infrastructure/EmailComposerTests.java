package org.medbook.notifications.infrastructure;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.medbook.identity.Role;
import org.medbook.identity.UserContacts;
import org.medbook.notifications.application.ChannelSender.Outgoing;
import org.medbook.notifications.application.NotificationTexts;
import org.medbook.notifications.domain.Kind;

import static org.assertj.core.api.Assertions.assertThat;

/** E-mails as a person reads them: language, zone, details, escaping, the temporary password, the calendar. */
class EmailComposerTests {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final Instant START = Instant.parse("2027-03-02T08:30:00Z");
    static final UUID BOOKING = UUID.fromString("7d7a3c1e-1111-4222-8333-444455556666");
    static final UUID PATIENT = UUID.randomUUID();
    static final UUID DOCTOR = UUID.randomUUID();

    private final NotificationTexts texts = new NotificationTexts();
    private final EmailComposer composer = new EmailComposer(texts,
            new EmailProperties("Medbook <no-reply@medbook.org>", null, 4), Clock.fixed(START, ZoneOffset.UTC));

    static Map<String, Object> booking(int sequence) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("bookingId", BOOKING.toString());
        data.put("doctorId", DOCTOR.toString());
        data.put("patientId", PATIENT.toString());
        data.put("doctorName", "Dr. Anna <b>Müller</b>");
        data.put("address", "Friedrichstr. 100, 10117 Berlin");
        data.put("start", START.toString());
        data.put("end", START.plusSeconds(1800).toString());
        data.put("type", "IN_PERSON");
        data.put("paymentMethod", "CASH");
        data.put("amountMinor", 6000);
        data.put("currency", "EUR");
        data.put("sequence", sequence);
        data.put("cashDue", true);
        return data;
    }

    Outgoing outgoing(Kind kind, String language, ZoneId zone, Map<String, Object> data, String secret) {
        Locale locale = Locale.forLanguageTag(language);
        UserContacts.Contact patient = new UserContacts.Contact(PATIENT, "Ann <i>Patient</i>", "ann@example.org", null,
                language, Set.of(Role.PATIENT), true);
        return new Outgoing(UUID.randomUUID(), UUID.randomUUID(), kind, patient,
                texts.title(kind, "patient", data, locale, zone), texts.body(kind, "patient", data, locale, zone), data,
                locale, zone, secret, Set.of(), 1, START.minusSeconds(60));
    }

    @Test
    void aBookingEmailShowsTheVisitInTheRecipientsZoneAndEscapesEveryValueInItsHtml() {
        EmailComposer.Email email = composer.compose(outgoing(Kind.BOOKING_CONFIRMED, "en", BERLIN, booking(0), null));

        assertThat(email.subject()).isEqualTo("Booking confirmed");
        assertThat(email.text()).contains("Hello Ann <i>Patient</i>,", "Booking confirmed",
                "When: Tuesday 2 March 2027, 09:30 (Europe/Berlin)", "Doctor: Dr. Anna <b>Müller</b>",
                "Type of visit: in-person visit", "Address: Friedrichstr. 100, 10117 Berlin",
                "Please pay €60.00 in cash at the practice.", "invite.ics", "Your Medbook team");
        assertThat(email.html()).contains("<html lang=\"en\">", "Hello Ann &lt;i&gt;Patient&lt;/i&gt;,",
                        "Dr. Anna &lt;b&gt;Müller&lt;/b&gt;", "Tuesday 2 March 2027, 09:30 (Europe/Berlin)")
                .doesNotContain("<b>Müller</b>", "<i>Patient</i>", "??");
    }

    @Test
    void aGermanRecipientReadsGermanWithTheDateWrittenTheGermanWay() {
        EmailComposer.Email email = composer.compose(outgoing(Kind.BOOKING_CONFIRMED, "de", BERLIN, booking(0), null));

        assertThat(email.subject()).isEqualTo("Termin bestätigt");
        assertThat(email.text()).contains("Guten Tag Ann <i>Patient</i>,", "Wann: Dienstag, 2. März 2027, 09:30 (Europe/Berlin)",
                "Art: Praxistermin", "Adresse: Friedrichstr. 100, 10117 Berlin", "Ihr Medbook-Team");
        assertThat(email.html()).contains("lang=\"de\"", "Dienstag, 2. März 2027, 09:30 (Europe/Berlin)");
    }

    @Test
    void theVisitIsShownInTheZoneOfTheRecipient() {
        ZoneId newYork = ZoneId.of("America/New_York");
        EmailComposer.Email email = composer.compose(outgoing(Kind.BOOKING_CONFIRMED, "en", newYork, booking(0), null));

        assertThat(email.text()).contains("When: Tuesday 2 March 2027, 03:30 (America/New_York)");
    }

    @Test
    void aStaffEmailCarriesTheTemporaryPasswordOnALineOfItsOwnInEitherLanguage() {
        Pattern password = Pattern.compile("(?:temporary password|vorläufiges Passwort)\\s+(\\S+)");
        for (String language : List.of("en", "de")) {
            EmailComposer.Email email = composer.compose(outgoing(Kind.STAFF_ACCOUNT_CREATED, language, BERLIN,
                    Map.of("expiresAt", START.toString()), "K7pQ-x9<&>Zt2mWv"));

            Matcher matcher = password.matcher(email.text());
            assertThat(matcher.find()).as(email.text()).isTrue();
            assertThat(matcher.group(1)).isEqualTo("K7pQ-x9<&>Zt2mWv");
            assertThat(email.html()).contains("K7pQ-x9&lt;&amp;&gt;Zt2mWv");
            assertThat(email.invite()).isNull();
        }
    }

    @Test
    void bookingChangesCarryACalendarRequestWithOneUidAndTheBookingsSequence() {
        EmailComposer.Email confirmed = composer.compose(outgoing(Kind.BOOKING_CONFIRMED, "en", BERLIN, booking(0), null));
        EmailComposer.Email moved = composer.compose(outgoing(Kind.BOOKING_RESCHEDULED, "en", BERLIN, booking(1), null));

        assertThat(confirmed.invite().contentType()).isEqualTo("text/calendar; charset=UTF-8; method=REQUEST");
        String ics = confirmed.invite().ics();
        assertThat(ics).contains("METHOD:REQUEST", "UID:" + BOOKING + "@medbook", "SEQUENCE:0", "DTSTART:20270302T083000Z",
                "DTEND:20270302T090000Z", "STATUS:CONFIRMED", "ORGANIZER;CN=Medbook:mailto:no-reply@medbook.org",
                "mailto:ann@example.org", "LOCATION:Friedrichstr. 100\\, 10117 Berlin");
        assertThat(unfolded(ics)).contains("SUMMARY:Appointment with Dr. Anna <b>Müller</b>");
        assertThat(moved.invite().ics()).contains("METHOD:REQUEST", "UID:" + BOOKING + "@medbook", "SEQUENCE:1");
    }

    @Test
    void cancellationsCarryACalendarCancelAndOtherKindsNoCalendar() {
        for (Kind kind : List.of(Kind.BOOKING_CANCELLED, Kind.BOOKING_DECLINED, Kind.HOLD_EXPIRED)) {
            EmailComposer.Email email = composer.compose(outgoing(kind, "en", BERLIN, booking(2), null));
            assertThat(email.invite().contentType()).as(kind.name()).endsWith("method=CANCEL");
            assertThat(email.invite().ics()).contains("METHOD:CANCEL", "STATUS:CANCELLED", "SEQUENCE:2",
                    "UID:" + BOOKING + "@medbook");
            assertThat(email.text()).contains("takes the visit out of your calendar");
        }
        for (Kind kind : List.of(Kind.BOOKING_HELD, Kind.BOOKING_AWAITING_APPROVAL, Kind.PAYMENT_RECEIVED)) {
            Map<String, Object> data = booking(0);
            data.put("holdExpiresAt", START.toString());
            data.put("paidMinor", 6000);
            assertThat(composer.compose(outgoing(kind, "en", BERLIN, data, null)).invite()).as(kind.name()).isNull();
        }
    }

    @Test
    void theDoctorsCopyNamesThePatient() {
        Map<String, Object> data = booking(0);
        data.put("patientName", "Ann Patient");
        UserContacts.Contact doctor = new UserContacts.Contact(DOCTOR, "Dr. Anna Müller", "anna@example.org", null, "en",
                Set.of(Role.DOCTOR), true);
        Outgoing o = new Outgoing(UUID.randomUUID(), UUID.randomUUID(), Kind.BOOKING_CONFIRMED, doctor,
                texts.title(Kind.BOOKING_CONFIRMED, "doctor", data, Locale.ENGLISH, BERLIN),
                texts.body(Kind.BOOKING_CONFIRMED, "doctor", data, Locale.ENGLISH, BERLIN), data, Locale.ENGLISH, BERLIN,
                null, Set.of(), 1, START);

        EmailComposer.Email email = composer.compose(o);

        assertThat(email.text()).contains("New booking: Ann Patient", "Patient: Ann Patient").doesNotContain("Doctor:");
        assertThat(unfolded(email.invite().ics())).contains("SUMMARY:Appointment with Ann Patient", "mailto:anna@example.org");
    }

    /** iCalendar folds long lines (RFC 5545, 3.1). */
    private static String unfolded(String ics) {
        return ics.replace("\r\n ", "");
    }
}
