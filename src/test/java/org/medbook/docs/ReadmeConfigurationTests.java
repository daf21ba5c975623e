package org.medbook.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration tables and the application agree, both ways: every environment
 * variable the application reads is documented, and every variable the table names is read.
 */
class ReadmeConfigurationTests {

    /** {@code ${NAME:default}} or {@code ${NAME}} in the application's configuration files. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]+)[:}]");
    /** A table row of the README's configuration section names its variables in backticks. */
    private static final Pattern VARIABLE = Pattern.compile("`((?:MEDBOOK|SPRING|SERVER)_[A-Z0-9_]+|PORT)`");

    @Test
    void everyVariableTheApplicationReadsIsDocumentedAndEveryDocumentedOneIsRead() throws IOException {
        Set<String> read = readByTheApplication();
        Set<String> documented = documentedInTheReadme();

        Set<String> undocumented = new TreeSet<>(read);
        undocumented.removeAll(documented);
        assertThat(undocumented).as("variables read by the application but in no table of the README")
                .isEmpty();
        Set<String> unread = new TreeSet<>(documented);
        unread.removeAll(read);
        // Spring Boot binds SPRING_* and SERVER_* to its own properties without a placeholder of ours
        unread.removeIf(name -> name.startsWith("SPRING_") || name.startsWith("SERVER_"));
        assertThat(unread).as("variables in the README's tables that nothing reads").isEmpty();
    }

    private static Set<String> readByTheApplication() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/resources"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("application.*\\.ya?ml")).toList()) {
                Matcher matcher = PLACEHOLDER.matcher(Files.readString(file));
                while (matcher.find()) {
                    names.add(matcher.group(1));
                }
            }
        }
        assertThat(names).as("placeholders found").hasSizeGreaterThan(30);
        return names;
    }

    /** Variables named in the first column of the README's tables: the configuration table and those of each feature. */
    private static Set<String> documentedInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme).contains("\n## Configuration\n");
        Set<String> names = new TreeSet<>();
        for (String line : readme.split("\n")) {
            if (line.startsWith("| `")) {
                String firstCell = line.substring(1, line.indexOf('|', 1));
                Matcher matcher = VARIABLE.matcher(firstCell);
                while (matcher.find()) {
                    names.add(matcher.group(1));
                }
            }
        }
        return names;
    }
}
