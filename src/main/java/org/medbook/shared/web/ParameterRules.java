package org.medbook.shared.web;

import java.beans.PropertyEditorSupport;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.function.Function;

import org.springframework.core.convert.converter.Converter;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * The rules of request bodies ({@link RequestJson}) for query parameters, path variables and headers:
 * no control characters in text (a NUL in a search reached PostgreSQL and answered 500), and dates
 * as ISO-8601 within {@link SaneDates}. A refused value answers 400 naming the parameter.
 */
@ControllerAdvice
class ParameterRules {

    @InitBinder
    void checkText(WebDataBinder binder) {
        binder.registerCustomEditor(String.class, new CheckedText());
    }

    /** Replaces Spring's date parsers for parameters: ISO-8601 only, within range. */
    static void registerDates(FormatterRegistry registry) {
        registry.addConverter(String.class, OffsetDateTime.class, date(OffsetDateTime::parse));
        registry.addConverter(String.class, ZonedDateTime.class, date(ZonedDateTime::parse));
        registry.addConverter(String.class, Instant.class, date(Instant::parse));
        registry.addConverter(String.class, LocalDateTime.class, date(LocalDateTime::parse));
        registry.addConverter(String.class, LocalDate.class, date(LocalDate::parse));
    }

    private static <T> Converter<String, T> date(Function<String, T> parser) {
        return text -> {
            if (text.isBlank()) {
                return null;
            }
            T value = parser.apply(text.strip());
            String problem = SaneDates.problemWith(value);
            if (problem != null) {
                throw new RejectedParameterException(problem);
            }
            return value;
        };
    }

    private static final class CheckedText extends PropertyEditorSupport {

        @Override
        public void setAsText(String text) {
            String problem = text == null ? null : TextRules.problemWith(text, false);
            if (problem != null) {
                throw new RejectedParameterException(problem);
            }
            setValue(text);
        }
    }
}
