package org.medbook.identity.application;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.medbook.identity.domain.Channel;
import org.medbook.identity.domain.Destination;
import org.medbook.shared.MedbookException;
import org.medbook.shared.PhoneNumbers;
import org.springframework.stereotype.Component;

/** Turns what a person typed into one canonical destination: E.164 phones, lower-case e-mails. */
@Component
public class ContactNormalizer {

    /** RFC 5321: a path of at most 256 octets including the brackets, so 254 for the address. */
    static final int MAX_ADDRESS = 254;
    static final int MAX_LOCAL_PART = 64;
    private static final int MAX_DOMAIN = 253;
    /** RFC 5322 dot-atom: atext characters, dots only between them. */
    private static final Pattern DOT_ATOM = Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    /** A DNS label (in its ASCII form): letters, digits, hyphens inside, 1 to 63 characters. */
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

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

    /** Normalises an e-mail, naming {@code field} when it is not one that can be delivered. */
    public Destination.Email email(String raw, String field) {
        String value = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        Optional<String> problem = undeliverable(value);
        if (problem.isPresent()) {
            throw invalid(field, problem.get());
        }
        return new Destination.Email(value);
    }

    /**
     * Why mail to the address could not be delivered, judged by its form alone (RFC 5321 limits and
     * dot-atom syntax, DNS label rules), or empty when it could be. Addresses SMTP allows but mail
     * servers no longer deliver are refused too: IP literals, quoted local parts, single-label domains.
     */
    static Optional<String> undeliverable(String address) {
        if (address.isEmpty()) {
            return Optional.of("is not a valid e-mail address");
        }
        if (address.length() > MAX_ADDRESS) {
            return Optional.of("must have at most " + MAX_ADDRESS + " characters");
        }
        int at = address.lastIndexOf('@');
        if (at < 0 || address.indexOf('@') != at) {
            return Optional.of("must contain exactly one @");
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (local.isEmpty() || local.length() > MAX_LOCAL_PART) {
            return Optional.of("must have 1 to " + MAX_LOCAL_PART + " characters before the @");
        }
        if (!DOT_ATOM.matcher(local).matches()) {
            return Optional.of("has characters or dots before the @ that an e-mail address cannot have");
        }
        if (domain.startsWith("[")) {
            return Optional.of("must have a domain name after the @, not an IP address");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            return Optional.of("does not have a valid domain name after the @");
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            return Optional.of("must have a domain with a dot after the @, such as example.org");
        }
        if (ascii.length() > MAX_DOMAIN) {
            return Optional.of("does not have a valid domain name after the @");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.of("does not have a valid domain name after the @");
            }
        }
        String topLevel = labels[labels.length - 1];
        if (topLevel.length() < 2 || topLevel.chars().allMatch(Character::isDigit)) {
            return Optional.of("must end in a top-level domain such as .org");
        }
        return Optional.empty();
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
