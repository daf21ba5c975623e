package org.medbook.identity;

/** Text messages (SMS) to a proven phone number, for modules other than identity (notifications). */
public interface TextMessages {

    /** Whether an SMS provider is configured on this server. */
    boolean enabled();

    Outcome send(String e164, String body);

    enum Outcome {
        SENT,
        /** The provider refused this message for good (bad number, blocked). */
        REJECTED,
        /** The provider could not be reached or asked us to slow down: try again later. */
        UNAVAILABLE
    }
}
