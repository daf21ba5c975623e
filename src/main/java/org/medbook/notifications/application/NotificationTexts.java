package org.medbook.notifications.application;

import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.medbook.notifications.domain.Kind;
import org.springframework.context.MessageSource;
import org.springframework.context.NoSuchMessageException;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.stereotype.Component;

/**
 * The words of every notification, from the message bundles {@code notifications/messages*.properties}
 * (English, the fallback, and German), with times shown in the recipient's zone as a person writes
 * them ("Tuesday 2 March 2027, 09:30 (Europe/Berlin)") and money in the recipient's locale.
 * Placeholders are named: {@code {doctorName}}, {@code {start}}, {@code {amount}} ...
 */
@Component
public class NotificationTexts {

    public static final List<String> LANGUAGES = List.of("en", "de");
    private static final Set<String> TIMES = Set.of("start", "end", "oldStart", "holdExpiresAt", "expiresAt",
            "evidenceDueBy");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

    private final ResourceBundleMessageSource bundles = new ResourceBundleMessageSource();
    private final Map<Locale, DateTimeFormatter> timeFormats = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, NumberFormat> moneyFormats = new java.util.concurrent.ConcurrentHashMap<>();

    public NotificationTexts() {
        bundles.setBasename("notifications/messages");
        bundles.setDefaultEncoding("UTF-8");
        bundles.setFallbackToSystemLocale(false);
    }

    /** The recipient's language if we speak it, else English. */
    public Locale locale(String language) {
        if (language != null) {
            String tag = Locale.forLanguageTag(language.replace('_', '-')).getLanguage();
            if (LANGUAGES.contains(tag)) {
                return Locale.forLanguageTag(tag);
            }
        }
        return Locale.ENGLISH;
    }

    public String title(Kind kind, String audience, Map<String, ?> data, Locale locale, ZoneId zone) {
        return fill(pick(kind.name() + ".title", audience, data, locale), data, locale, zone);
    }

    public String body(Kind kind, String audience, Map<String, ?> data, Locale locale, ZoneId zone) {
        return fill(pick(kind.name() + ".body", audience, data, locale), data, locale, zone);
    }

    /** A fixed text of the bundle, such as an e-mail's greeting. */
    public String text(String key, Map<String, ?> data, Locale locale, ZoneId zone) {
        return fill(message(key, locale), data, locale, zone);
    }

    public MessageSource bundles() {
        return bundles;
    }

    /** A time as a person writes it in the recipient's language, with the zone named. */
    public String time(Instant instant, Locale locale, ZoneId zone) {
        DateTimeFormatter format = timeFormats.computeIfAbsent(locale,
                language -> DateTimeFormatter.ofPattern(message("format.dateTime", language), language));
        return format.format(instant.atZone(zone)) + " (" + zone.getId() + ")";
    }

    public String money(long minor, String currency, Locale locale) {
        Currency unit = Currency.getInstance(currency);
        Locale region = locale.getLanguage().equals("de") ? Locale.GERMANY : Locale.UK;
        // a format is not thread-safe: each call writes with a copy of the one kept per region and currency
        NumberFormat format = (NumberFormat) moneyFormats.computeIfAbsent(region + "/" + unit, key -> {
            NumberFormat kept = NumberFormat.getCurrencyInstance(region);
            kept.setCurrency(unit);
            // setCurrency keeps the region's own digits (two): a yen has none, a dinar three
            int digits = Math.max(unit.getDefaultFractionDigits(), 0);
            kept.setMinimumFractionDigits(digits);
            kept.setMaximumFractionDigits(digits);
            return kept;
        }).clone();
        return format.format(minor / Math.pow(10, Math.max(unit.getDefaultFractionDigits(), 0)));
    }

    /** The most specific text that exists: {@code key.audience} (e.g. {@code .doctor}), then {@code key}. */
    private String pick(String key, String audience, Map<String, ?> data, Locale locale) {
        // asked with no default, the bundles answer null for a missing text instead of building an exception
        String specific = audience == null ? null : bundles.getMessage(key + "." + audience, null, null, locale);
        return specific != null ? specific : message(key, locale);
    }

    private String message(String key, Locale locale) {
        try {
            return bundles.getMessage(key, null, locale);
        } catch (NoSuchMessageException e) {
            throw new NoSuchElementException("No notification text " + key);
        }
    }

    private String fill(String pattern, Map<String, ?> data, Locale locale, ZoneId zone) {
        String filled = new Placeholders(data, locale, zone).substitute(pattern);
        return singleSpaced(filled).strip();
    }

    /** The text with every run of spaces (left by an empty placeholder) made one space. */
    static String singleSpaced(String text) {
        int run = text.indexOf("  ");
        if (run < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length()).append(text, 0, run + 1);
        for (int i = run + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' || out.charAt(out.length() - 1) != ' ') {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * The placeholders one text may use, each formatted for the recipient when the text first asks for
     * it: a title names two or three of them, so the rest (money, other times, phrases) are never
     * formatted. A placeholder with no value is empty.
     */
    private final class Placeholders {

        private final Map<String, ?> data;
        private final Locale locale;
        private final ZoneId zone;
        private final Map<String, String> formatted = new HashMap<>();

        Placeholders(Map<String, ?> data, Locale locale, ZoneId zone) {
            this.data = data;
            this.locale = locale;
            this.zone = zone;
        }

        String get(String name) {
            String value = formatted.get(name);
            if (value == null) {
                value = format(name);
                formatted.put(name, value);
            }
            return value;
        }

        private String format(String name) {
            return switch (name) {
                case "amount" -> money("amountMinor", name);
                case "refund" -> money("refundMinor", name);
                case "paid" -> money("paidMinor", name);
                case "type" -> data.get("type") == null ? ""
                        : optional("type." + data.get("type"), locale, data.get("type").toString());
                case "before" -> data.get("before") == null ? "" : before(Duration.parse(data.get("before").toString()));
                case "where" -> data.get("address") == null ? "" : phrase("phrase.where");
                case "joinNote" -> data.get("joinUrl") == null ? "" : phrase("phrase.join");
                case "cashNote" -> Boolean.TRUE.equals(asBoolean(data.get("cashDue"))) ? phrase("phrase.cashDue") : "";
                case "refundNote" -> positive(data.get("refundMinor")) ? phrase("phrase.refund") : "";
                case "reasonNote" -> data.get("reason") == null || data.get("reason").toString().isBlank() ? ""
                        : phrase("phrase.reason");
                default -> plain(name);
            };
        }

        /** A value as the event holds it; times in the recipient's zone and language. */
        private String plain(String name) {
            Object value = data.get(name);
            if (value == null) {
                return "";
            }
            return TIMES.contains(name) ? time(Instant.parse(value.toString()), locale, zone) : value.toString();
        }

        /** An amount in minor units, in the event's currency; without a currency, the value as it is. */
        private String money(String minorKey, String name) {
            Object minor = data.get(minorKey);
            String currency = string(data.get("currency"));
            return currency == null || minor == null ? plain(name)
                    : NotificationTexts.this.money(Long.parseLong(minor.toString()), currency, locale);
        }

        private String before(Duration before) {
            long minutes = before.toMinutes();
            return minutes % 60 == 0
                    ? message(minutes == 60 ? "unit.hour" : "unit.hours", locale).replace("{n}", Long.toString(minutes / 60))
                    : message("unit.minutes", locale).replace("{n}", Long.toString(minutes));
        }

        /** A phrase of the bundle whose own placeholders are plain values (an address, an amount ...). */
        private String phrase(String key) {
            return substitute(message(key, locale));
        }

        /** The text with each {@code {name}} replaced by its value. */
        String substitute(String pattern) {
            return PLACEHOLDER.matcher(pattern).replaceAll(match -> Matcher.quoteReplacement(get(match.group(1))));
        }
    }

    private String optional(String key, Locale locale, String otherwise) {
        return bundles.getMessage(key, null, otherwise, locale);
    }

    private static boolean positive(Object minor) {
        return minor != null && Long.parseLong(minor.toString()) > 0;
    }

    private static Boolean asBoolean(Object value) {
        return value == null ? null : Boolean.valueOf(value.toString());
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }
}
