package org.medbook.chat.domain;

import java.util.regex.Pattern;

import org.medbook.shared.MedbookException;

/**
 * The id a client gives a message before sending it, so a resend after a dropped connection is
 * recognised: 1 to 64 letters, digits, '-', '_', '.' or ':' (a UUID fits).
 */
public record ClientMessageId(String value) {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    public ClientMessageId {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw MedbookException.badInput("invalid-client-message-id",
                    "clientMessageId must be 1 to 64 letters, digits, '-', '_', '.' or ':'");
        }
    }
}
