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
        NumberFormat format = NumberFormat.getCurrencyInstance(locale.getLanguage().equals("de") ? Locale.GERMANY : Locale.UK);
        format.setCurrency(unit);
        return format.format(minor / Math.pow(10, Math.max(unit.getDefaultFractionDigits(), 0)));
    }

    /** The most specific text that exists: {@code key.audience} (e.g. {@code .doctor}), then {@code key}. */
    private String pick(String key, String audience, Map<String, ?> data, Locale locale) {
        if (audience != null) {
            try {
                return bundles.getMessage(key + "." + audience, null, locale);
            } catch (NoSuchMessageException none) {
                // the text is the same for everyone
            }
        }
        return message(key, locale);
    }

    private String message(String key, Locale locale) {
        try {
            return bundles.getMessage(key, null, locale);
        } catch (NoSuchMessageException e) {
            throw new NoSuchElementException("No notification text " + key);
        }
    }

    private String fill(String pattern, Map<String, ?> data, Locale locale, ZoneId zone) {
        Map<String, String> values = values(data, locale, zone);
        Matcher matcher = PLACEHOLDER.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(matcher.group(1), "")));
        }
        matcher.appendTail(out);
        return out.toString().replaceAll(" {2,}", " ").strip();
    }

    /** Every placeholder a text may use, formatted for the recipient. */
    Map<String, String> values(Map<String, ?> data, Locale locale, ZoneId zone) {
        Map<String, String> values = new HashMap<>();
        data.forEach((key, value) -> {
            if (value == null) {
                return;
            }
            values.put(key, TIMES.contains(key) ? time(Instant.parse(value.toString()), locale, zone) : value.toString());
        });
        String currency = string(data.get("currency"));
        if (currency != null) {
            putMoney(values, "amount", data.get("amountMinor"), currency, locale);
            putMoney(values, "refund", data.get("refundMinor"), currency, locale);
            putMoney(values, "paid", data.get("paidMinor"), currency, locale);
        }
        if (data.get("type") != null) {
            values.put("type", optional("type." + data.get("type"), locale, data.get("type").toString()));
        }
        if (data.get("before") != null) {
            long minutes = Duration.parse(data.get("before").toString()).toMinutes();
            values.put("before", minutes % 60 == 0
                    ? message(minutes == 60 ? "unit.hour" : "unit.hours", locale).replace("{n}", Long.toString(minutes / 60))
                    : message("unit.minutes", locale).replace("{n}", Long.toString(minutes)));
        }
        values.put("where", data.get("address") == null ? "" : fillSimple(message("phrase.where", locale), values));
        values.put("joinNote", data.get("joinUrl") == null ? "" : fillSimple(message("phrase.join", locale), values));
        values.put("cashNote", Boolean.TRUE.equals(asBoolean(data.get("cashDue")))
                ? fillSimple(message("phrase.cashDue", locale), values) : "");
        values.put("refundNote", positive(data.get("refundMinor"))
                ? fillSimple(message("phrase.refund", locale), values) : "");
        values.put("reasonNote", data.get("reason") == null || data.get("reason").toString().isBlank() ? ""
                : fillSimple(message("phrase.reason", locale), values));
        return values;
    }

    private String optional(String key, Locale locale, String otherwise) {
        return bundles.getMessage(key, null, otherwise, locale);
    }

    private static String fillSimple(String pattern, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(matcher.group(1), "")));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private void putMoney(Map<String, String> values, String name, Object minor, String currency, Locale locale) {
        if (minor != null) {
            values.put(name, money(Long.parseLong(minor.toString()), currency, locale));
        }
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
