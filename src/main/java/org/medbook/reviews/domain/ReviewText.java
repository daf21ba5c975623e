package org.medbook.reviews.domain;

import java.util.regex.Pattern;

import org.medbook.shared.MedbookException;

/** Review texts are plain text: at most 2,000 characters, no markup; blank means none. */
public final class ReviewText {

    public static final int MAX_LENGTH = 2000;
    /** An HTML/XML tag, comment or entity: anything a browser might render as markup. */
    private static final Pattern MARKUP = Pattern.compile("<\\s*[a-zA-Z!/?]|&#?[a-zA-Z0-9]+;");

    private ReviewText() {
    }

    public static String of(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String stripped = text.strip();
        if (stripped.length() > MAX_LENGTH) {
            throw MedbookException.badInput("invalid-text", "The text is at most " + MAX_LENGTH + " characters");
        }
        if (MARKUP.matcher(stripped).find()) {
            throw MedbookException.badInput("invalid-text", "The text must be plain text, without markup");
        }
        return stripped;
    }

    public static int rating(int rating) {
        if (rating < 1 || rating > 5) {
            throw MedbookException.badInput("invalid-rating", "The rating is a whole number from 1 to 5");
        }
        return rating;
    }
}
