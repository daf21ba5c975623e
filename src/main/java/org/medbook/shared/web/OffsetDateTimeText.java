package org.medbook.shared.web;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.annotation.JsonFormat;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.stereotype.Component;

import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.ext.javatime.ser.OffsetDateTimeSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * Writes an {@link OffsetDateTime} as the same text Jackson's own serializer writes by default
 * ({@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}), without a {@code DateTimeFormatter}: a 30-day slots
 * answer holds about 600 of them, and formatting them took 15 % of that request's CPU (BENCHMARKS.md).
 * Everything else stays Jackson's formatting: timestamps, a property's own {@code @JsonFormat} (the
 * property's serializer is still a {@link Writer}, which hands that pattern to Jackson), a mapper-wide
 * time zone, and years outside 0 to 9999.
 */
@Component
class OffsetDateTimeText implements JsonMapperBuilderCustomizer {

    @Override
    public void customize(JsonMapper.Builder builder) {
        builder.addModule(new SimpleModule("medbook-offset-date-time-text").addSerializer(OffsetDateTime.class, new Writer()));
    }

    /** {@code ISO_OFFSET_DATE_TIME}'s text for years 0 to 9999, or null for a year it writes with a sign or more digits. */
    static String iso(OffsetDateTime value) {
        int year = value.getYear();
        if (year < 0 || year > 9999) {
            return null;
        }
        char[] text = new char[38]; // the longest: 19 for the date and time, 10 for the fraction, 9 for the offset
        int at = digits(text, 0, year, 4);
        text[at++] = '-';
        at = digits(text, at, value.getMonthValue(), 2);
        text[at++] = '-';
        at = digits(text, at, value.getDayOfMonth(), 2);
        text[at++] = 'T';
        at = digits(text, at, value.getHour(), 2);
        text[at++] = ':';
        at = digits(text, at, value.getMinute(), 2);
        text[at++] = ':';
        at = digits(text, at, value.getSecond(), 2);
        int nanos = value.getNano();
        if (nanos != 0) {
            // the shortest fraction that is exact: trailing zeros are not written
            int width = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                width--;
            }
            text[at++] = '.';
            at = digits(text, at, nanos, width);
        }
        int offset = value.getOffset().getTotalSeconds();
        if (offset == 0) {
            text[at++] = 'Z';
            return new String(text, 0, at);
        }
        text[at++] = offset < 0 ? '-' : '+';
        int magnitude = Math.abs(offset);
        at = digits(text, at, magnitude / 3600, 2);
        text[at++] = ':';
        at = digits(text, at, magnitude / 60 % 60, 2);
        if (magnitude % 60 != 0) {
            text[at++] = ':';
            at = digits(text, at, magnitude % 60, 2);
        }
        return new String(text, 0, at);
    }

    /** Writes {@code value} as exactly {@code width} decimal digits, zero-padded; returns the next position. */
    private static int digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }

    /** Jackson's serializer, with the default format's text written by {@link #iso}. */
    static final class Writer extends OffsetDateTimeSerializer {

        Writer() {
        }

        private Writer(Writer base, Boolean useTimestamp, DateTimeFormatter formatter, JsonFormat.Shape shape) {
            super(base, useTimestamp, formatter, shape);
        }

        /**
         * Jackson makes a serializer of its own for every property (with the property's format, or none);
         * it stays this writer, which hands a property's own pattern to Jackson's formatting.
         */
        @Override
        protected OffsetDateTimeSerializer withFormat(DateTimeFormatter formatter, Boolean useTimestamp, JsonFormat.Shape shape) {
            return new Writer(this, useTimestamp, formatter, shape);
        }

        @Override
        protected String formatValue(OffsetDateTime value, SerializationContext context) {
            boolean defaultFormat = _formatter == null && !(context.getConfig().hasExplicitTimeZone()
                    && context.isEnabled(DateTimeFeature.WRITE_DATES_WITH_CONTEXT_TIME_ZONE));
            String text = defaultFormat ? iso(value) : null;
            return text == null ? super.formatValue(value, context) : text;
        }
    }
}
