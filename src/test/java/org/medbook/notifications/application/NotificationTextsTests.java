package org.medbook.notifications.application;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.medbook.notifications.domain.Kind;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationTextsTests {

    private final NotificationTexts texts = new NotificationTexts();
    private final Instant start = Instant.parse("2027-03-02T08:30:00Z");

    private Map<String, Object> booking() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("doctorName", "Dr. Anna Müller");
        data.put("start", start.toString());
        data.put("type", "IN_PERSON");
        data.put("address", "Friedrichstr. 100, 10117 Berlin");
        data.put("amountMinor", 6000);
        data.put("currency", "EUR");
        data.put("cashDue", true);
        return data;
    }

    @Test
    void runsOfSpacesLeftByEmptyPlaceholdersBecomeOneSpace() {
        assertThat(NotificationTexts.singleSpaced("Booked  with   Dr. Anna. ")).isEqualTo("Booked with Dr. Anna. ");
        assertThat(NotificationTexts.singleSpaced("  Cash due.")).isEqualTo(" Cash due.");
        assertThat(NotificationTexts.singleSpaced("one space\tand a tab")).isEqualTo("one space\tand a tab");
        assertThat(texts.body(Kind.BOOKING_CONFIRMED, "patient", Map.of("doctorName", "Dr. Anna Müller",
                "start", start.toString()), Locale.ENGLISH, ZoneId.of("Europe/Berlin"))).doesNotContain("  ");
    }

    @Test
    void timesAreWrittenAsAPersonWritesThemInTheRecipientsZoneAndLanguage() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertThat(texts.time(start, Locale.ENGLISH, berlin)).isEqualTo("Tuesday 2 March 2027, 09:30 (Europe/Berlin)");
        assertThat(texts.time(start, Locale.GERMAN, berlin)).isEqualTo("Dienstag, 2. März 2027, 09:30 (Europe/Berlin)");
        assertThat(texts.time(start, Locale.ENGLISH, ZoneId.of("America/New_York")))
                .isEqualTo("Tuesday 2 March 2027, 03:30 (America/New_York)");
    }

    @Test
    void aPatientsConfirmationNamesTheDoctorTheTimeThePlaceAndTheCashDue() {
        String body = texts.body(Kind.BOOKING_CONFIRMED, "patient", booking(), Locale.ENGLISH, ZoneId.of("Europe/Berlin"));
        assertThat(body).isEqualTo("Your in-person visit with Dr. Anna Müller on Tuesday 2 March 2027, 09:30 (Europe/Berlin)"
                + " at Friedrichstr. 100, 10117 Berlin is confirmed. Please pay €60.00 in cash at the practice.");
        String german = texts.body(Kind.BOOKING_CONFIRMED, "patient", booking(), Locale.GERMAN, ZoneId.of("Europe/Berlin"));
        assertThat(german).contains("Praxistermin", "Dienstag, 2. März 2027, 09:30", "60,00");
    }

    @Test
    void aCancellationMentionsARefundOnlyWhenThereIsMoneyToRefund() {
        Map<String, Object> data = booking();
        data.put("refundMinor", 1);
        assertThat(texts.body(Kind.BOOKING_CANCELLED, "patient", data, Locale.ENGLISH, ZoneId.of("Europe/Berlin")))
                .endsWith("was cancelled. €0.01 will be refunded to you.");
        data.put("refundMinor", 0);
        assertThat(texts.body(Kind.BOOKING_CANCELLED, "patient", data, Locale.ENGLISH, ZoneId.of("Europe/Berlin")))
                .doesNotContain("refunded");
        data.remove("refundMinor");
        assertThat(texts.body(Kind.BOOKING_CANCELLED, "patient", data, Locale.ENGLISH, ZoneId.of("Europe/Berlin")))
                .doesNotContain("refunded");
    }

    @Test
    void aTextFormatsOnlyThePlaceholdersItNamesSoAValueItDoesNotShowCannotSpoilIt() {
        Map<String, Object> data = booking();
        data.put("expiresAt", "not a time");
        data.put("refundMinor", "not a number");
        data.put("before", "not a duration");
        data.put("patientName", "Max Weber");

        assertThat(texts.title(Kind.BOOKING_CONFIRMED, "patient", data, Locale.ENGLISH, ZoneId.of("Europe/Berlin")))
                .isEqualTo("Booking confirmed");
        assertThat(texts.body(Kind.BOOKING_CONFIRMED, "doctor", data, Locale.ENGLISH, ZoneId.of("Europe/Berlin")))
                .isEqualTo("New booking: Max Weber, in-person visit on Tuesday 2 March 2027, 09:30 (Europe/Berlin)"
                        + " at Friedrichstr. 100, 10117 Berlin.");
    }

    @Test
    void moneyIsWrittenWithItsCurrencysOwnDigitsInTheRecipientsLanguage() {
        assertThat(texts.money(6000, "EUR", Locale.ENGLISH)).isEqualTo("€60.00");
        assertThat(texts.money(6000, "EUR", Locale.GERMAN)).isEqualTo("60,00\u00a0€");
        assertThat(texts.money(123456, "EUR", Locale.ENGLISH)).isEqualTo("€1,234.56");
        assertThat(texts.money(6000, "JPY", Locale.ENGLISH)).isEqualTo("JP¥6,000");
        assertThat(texts.money(12345, "KWD", Locale.ENGLISH)).isEqualTo("KWD12.345");
        assertThat(texts.money(6000, "EUR", Locale.ENGLISH)).isEqualTo("€60.00");
    }

    @Test
    void unknownLanguagesFallBackToEnglishAndEveryKindHasItsTextsInBothLanguages() {
        assertThat(texts.locale("fr-FR")).isEqualTo(Locale.ENGLISH);
        assertThat(texts.locale("de-AT")).isEqualTo(Locale.GERMAN);
        assertThat(texts.locale(null)).isEqualTo(Locale.ENGLISH);
        Map<String, Object> data = booking();
        data.put("before", "PT1H");
        for (Kind kind : Kind.values()) {
            for (Locale locale : new Locale[] {Locale.ENGLISH, Locale.GERMAN}) {
                for (String audience : new String[] {"patient", "doctor", "staff"}) {
                    assertThat(texts.title(kind, audience, data, locale, ZoneId.of("UTC"))).isNotBlank().doesNotContain("{");
                    assertThat(texts.body(kind, audience, data, locale, ZoneId.of("UTC"))).isNotBlank().doesNotContain("{");
                }
            }
        }
        assertThat(texts.title(Kind.VISIT_REMINDER, "patient", data, Locale.GERMAN, ZoneId.of("UTC")))
                .isEqualTo("Ihr Termin in 1 Stunde");
    }
}
