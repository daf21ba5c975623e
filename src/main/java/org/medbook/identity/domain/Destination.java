package org.medbook.identity.domain;

import java.util.Objects;

/**
 * Where a one-time code goes: an e-mail address (lower-cased) or a phone number (E.164). Values
 * arrive already normalised by the application layer.
 */
public sealed interface Destination {

    String value();

    Channel channel();

    /** Shown in logs and messages without giving the whole address away. */
    String masked();

    record Email(String value) implements Destination {
        public Email {
            Objects.requireNonNull(value);
            if (!value.equals(value.toLowerCase(java.util.Locale.ROOT)) || value.indexOf('@') < 1) {
                throw new IllegalArgumentException("e-mail must be normalised");
            }
        }

        public Channel channel() {
            return Channel.EMAIL;
        }

        public String masked() {
            int at = value.indexOf('@');
            return value.charAt(0) + "***" + value.substring(at);
        }
    }

    record Phone(String value) implements Destination {
        public Phone {
            Objects.requireNonNull(value);
            if (!value.matches("\\+[1-9][0-9]{6,14}")) {
                throw new IllegalArgumentException("phone must be E.164");
            }
        }

        public Channel channel() {
            return Channel.SMS;
        }

        public String masked() {
            return value.substring(0, Math.min(4, value.length())) + "***" + value.substring(value.length() - 2);
        }
    }
}
