package org.medbook.chat.domain;

import org.medbook.shared.MedbookException;

/** What a participant wrote: 1 to 4,000 characters, not only white space. */
public record MessageBody(String text) {

    public static final int MAX_CHARACTERS = 4_000;

    public MessageBody {
        if (text == null || text.isBlank()) {
            throw MedbookException.badInput("message-body-empty", "A message needs a body of 1 to " + MAX_CHARACTERS
                    + " characters");
        }
        if (text.codePointCount(0, text.length()) > MAX_CHARACTERS) {
            throw MedbookException.badInput("message-body-too-long", "A message body has at most " + MAX_CHARACTERS
                    + " characters");
        }
    }
}
