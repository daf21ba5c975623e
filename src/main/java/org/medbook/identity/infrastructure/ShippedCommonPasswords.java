package org.medbook.identity.infrastructure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.medbook.identity.domain.CommonPasswords;
import org.medbook.identity.domain.PasswordPolicy;
import org.springframework.stereotype.Component;

/**
 * The 100,000 most common passwords from breach corpora, as shipped in the nbvcxz library's
 * {@code dictionaries/passwords.txt}. Only entries long enough to pass the length rule are kept;
 * the comparison ignores case, so "Password1" is as refused as "password1".
 */
@Component
class ShippedCommonPasswords implements CommonPasswords {

    static final String RESOURCE = "dictionaries/passwords.txt";

    private final Set<String> passwords;

    ShippedCommonPasswords() {
        this.passwords = load();
    }

    @Override
    public boolean contains(String password) {
        return passwords.contains(password.toLowerCase(Locale.ROOT));
    }

    int size() {
        return passwords.size();
    }

    private static Set<String> load() {
        InputStream stream = ShippedCommonPasswords.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (stream == null) {
            throw new IllegalStateException("The common-password list " + RESOURCE + " is missing from the classpath");
        }
        Set<String> result = new HashSet<>(64_000);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String candidate = line.strip();
                if (candidate.length() >= PasswordPolicy.MIN_LENGTH) {
                    result.add(candidate.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(result);
    }
}
