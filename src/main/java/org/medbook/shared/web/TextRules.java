package org.medbook.shared.web;

/**
 * What text a client may send: no control characters (NUL included), which PostgreSQL refuses, logs
 * and terminals misread and no reader ever needs; line breaks and tabs only where the text is
 * multi-line; and no half of a surrogate pair, which cannot be stored as UTF-8.
 */
final class TextRules {

    private TextRules() {
    }

    /** Why the text is refused, or null when it is acceptable. */
    static String problemWith(String text, boolean multiline) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                if (multiline && (c == '\n' || c == '\r' || c == '\t')) {
                    continue;
                }
                return multiline ? "must not contain control characters other than line breaks and tabs"
                        : "must not contain control characters";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must be valid Unicode text";
            }
        }
        return null;
    }
}
