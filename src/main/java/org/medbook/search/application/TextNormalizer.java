package org.medbook.search.application;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Lower case without accents, so "Müller" and "muller", "Pédiatrie" and "pediatrie" meet. */
public final class TextNormalizer {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private TextNormalizer() {
    }

    public static String normalise(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
        String plain = MARKS.matcher(decomposed).replaceAll("").replace("ß", "ss").replace("ø", "o").replace("æ", "ae")
                .replace("ł", "l");
        return SPACES.matcher(plain.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    }
}
