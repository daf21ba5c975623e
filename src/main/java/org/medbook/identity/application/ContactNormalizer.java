package org.medbook.identity.application;

import java.util.Locale;
import java.util.regex.Pattern;

import org.medbook.identity.domain.Channel;
import org.medbook.identity.domain.Destination;
import org.medbook.shared.MedbookException;
import org.medbook.shared.PhoneNumbers;
import org.springframework.stereotype.Component;

/** Turns what a person typed into one canonical destination: E.164 phones, lower-case e-mails. */
@Component
public class ContactNormalizer {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}$");

    public Destination normalise(Channel channel, String raw) {
        return channel == Channel.EMAIL ? email(raw) : phone(raw);
    }

    /** Guesses the channel from the value: anything with an {@code @} is an e-mail. */
    public Destination normalise(String raw) {
        if (raw != null && raw.contains("@")) {
            return email(raw);
        }
        return phone(raw);
    }

    public Destination.Email email(String raw) {
        return email(raw, "destination");
    }

    /** Normalises an e-mail, naming {@code field} when it is not one. */
    public Destination.Email email(String raw, String field) {
        String value = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        if (value.length() > 254 || !EMAIL.matcher(value).matches()) {
            throw invalid(field, "is not a valid e-mail address");
        }
        return new Destination.Email(value);
    }

    public Destination.Phone phone(String raw) {
        String value = raw == null ? "" : raw.strip();
        if (!value.startsWith("+") && !value.startsWith("00")) {
            throw invalid("destination", "must be an international phone number starting with +");
        }
        return PhoneNumbers.toE164(value).map(Destination.Phone::new)
                .orElseThrow(() -> invalid("destination", "is not a valid phone number"));
    }

    private static MedbookException invalid(String field, String message) {
        return new MedbookException(org.medbook.shared.ProblemKind.BAD_INPUT, "validation-failed",
                "The request has invalid fields: " + field,
                java.util.Map.of("errors", java.util.List.of(java.util.Map.of("field", field, "message", message))), null);
    }
}
