package org.medbook.shared;

import java.util.Optional;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

/** International phone numbers in one canonical form, E.164 (libphonenumber). */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {
    }

    /** The E.164 form of a number written with its country code ({@code +} or {@code 00}), if valid. */
    public static Optional<String> toE164(String raw) {
        String value = raw == null ? "" : raw.strip();
        if (value.startsWith("00")) {
            value = "+" + value.substring(2);
        }
        if (!value.startsWith("+")) {
            return Optional.empty();
        }
        try {
            Phonenumber.PhoneNumber parsed = UTIL.parse(value, null);
            return UTIL.isValidNumber(parsed)
                    ? Optional.of(UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164))
                    : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
