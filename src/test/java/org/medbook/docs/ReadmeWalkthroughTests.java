package org.medbook.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbook.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's shell walk-throughs, run as written with {@code bash -euo pipefail} against the
 * running server. A block marked {@code <!-- walkthrough: name -->} is run; each of its
 * {@code # -> ...} lines states what the command before it answers ({@code …} stands for anything),
 * and the output must show those answers in that order.
 */
class ReadmeWalkthroughTests extends IntegrationTest {

    /** A Wednesday morning in Hamburg; the walk-throughs book the first free slots after it. */
    private static final Instant NOW = Instant.parse("2033-03-09T08:00:00Z");
    private static final Duration LIMIT = Duration.ofMinutes(3);
    private static final Pattern MARKED = Pattern.compile("<!-- walkthrough: ([a-z-]+) -->\\n```bash\\n(.*?)\\n```",
            Pattern.DOTALL);
    private static final Pattern SHOWS = Pattern.compile("(?m)^# -> (.+)$");

    @Test
    void theReadmesWalkthroughsRunAsWrittenAndAnswerWhatTheySay(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Map<String, String> blocks = walkthroughs(readme);
        assertThat(blocks.keySet()).containsExactly("sign-in", "search", "booking", "doctor-admin");
        assertThat(readme).as("the walk-throughs need no python").doesNotContain("python");

        clock.setTo(NOW);
        // an admin who has not signed in yet, as the bootstrap admin of a fresh server is
        StaffAccount admin = newStaffAccount("ADMIN", List.of());
        Path log = dir.resolve("medbook.log");
        // curl reads $CURL_HOME/.curlrc: the walk-throughs come from an address of their own, as every test's
        // client does, so the per-address limits (one-time codes above all) they use up are nobody else's
        Path curlHome = Files.createDirectories(dir.resolve("curl"));
        Files.writeString(curlHome.resolve(".curlrc"), "header = \"X-Forwarded-For: " + newClientIp() + "\"\n");
        Map<String, String> env = Map.of("BASE", "http://127.0.0.1:" + port, "LOG", log.toString(),
                "ADMIN_EMAIL", admin.email(), "ADMIN_PASSWORD", admin.temporaryPassword(),
                "CURL_HOME", curlHome.toString());
        String patientSession = blocks.get("sign-in") + "\n" + blocks.get("search") + "\n" + blocks.get("booking");

        String doctorAdmin;
        String patient;
        try (Mailbox mailbox = new Mailbox(log)) {
            doctorAdmin = run("doctor-admin", blocks.get("doctor-admin"), env, dir);
            // the search read model learns of the verified doctor after the verification's commit
            await().atMost(Duration.ofSeconds(30)).until(() -> api.get(
                    "/api/v1/doctors?lat=53.55&lng=9.99&type=IN_PERSON&sort=soonest&size=1", null).raw().contains("\"id\""));
            patient = run("patient", patientSession, env, dir);
        }

        assertShows(blocks.get("doctor-admin"), doctorAdmin);
        assertShows(patientSession, patient);
    }

    private static Map<String, String> walkthroughs(String readme) {
        Map<String, String> blocks = new LinkedHashMap<>();
        Matcher matcher = MARKED.matcher(readme);
        while (matcher.find()) {
            assertThat(blocks.put(matcher.group(1), matcher.group(2))).as("one block named %s", matcher.group(1)).isNull();
        }
        return blocks;
    }

    /**
     * Runs a script as a reader would paste it into a terminal, stopping at its first failing command.
     * What it printed stays in target/readme-walkthroughs for a look after a failure.
     */
    private static String run(String name, String script, Map<String, String> env, Path dir)
            throws IOException, InterruptedException {
        Path output = Files.createDirectories(Path.of("target", "readme-walkthroughs")).resolve(name + ".out");
        ProcessBuilder bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        bash.environment().putAll(env);
        Process process = bash.start();
        boolean ended = process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String printed = Files.readString(output);
        assertThat(ended).as("the walk-through ended within %s; it printed:%n%s", LIMIT, printed).isTrue();
        assertThat(process.exitValue()).as("exit status; it printed:%n%s", printed).isZero();
        return printed;
    }

    /** Every {@code # -> } answer of the script is in its output, in order; {@code …} stands for anything. */
    private static void assertShows(String script, String output) {
        List<String> shown = new ArrayList<>();
        Matcher matcher = SHOWS.matcher(script);
        while (matcher.find()) {
            shown.add(matcher.group(1).strip());
        }
        assertThat(shown).as("answers the walk-through shows").isNotEmpty();
        int from = 0;
        for (String answer : shown) {
            for (String part : answer.split("…")) {
                if (part.isEmpty()) {
                    continue;
                }
                int at = output.indexOf(part, from);
                assertThat(at).as("'%s' (of '# -> %s') after position %d of:%n%s", part, answer, from, output)
                        .isNotNegative();
                from = at + part.length();
            }
        }
    }

    /**
     * The e-mails the server sends (to GreenMail, in the tests) written as text to the file the
     * walk-throughs read their codes and temporary passwords from: on a developer machine without
     * SMTP that file is the server's log, which holds the same texts.
     */
    private static final class Mailbox implements AutoCloseable {

        private static final String OTHER_ACCOUNTS_MAIL = """
                To: someone.else@example.com
                Subject: Your Medbook staff account
                Your temporary password

                    not-the-walk-throughs-password

                """;

        private final Path file;
        private final ScheduledExecutorService copier = Executors.newSingleThreadScheduledExecutor();
        private int copied;

        Mailbox(Path file) throws IOException {
            this.file = file;
            Files.writeString(file, "");
            copied = MAIL.getReceivedMessages().length;
            copier.scheduleWithFixedDelay(this::copyNew, 0, 100, TimeUnit.MILLISECONDS);
        }

        private void copyNew() {
            MimeMessage[] received = MAIL.getReceivedMessages();
            StringBuilder text = new StringBuilder();
            for (; copied < received.length; copied++) {
                MimeMessage mail = received[copied];
                // another account's e-mail written just before each one, as a busy server's log has them:
                // the walk-throughs must read their own
                text.append(OTHER_ACCOUNTS_MAIL);
                try {
                    text.append("To: ").append(String.join(", ", java.util.Arrays.stream(mail.getAllRecipients())
                            .map(Object::toString).toList())).append('\n')
                            .append("Subject: ").append(mail.getSubject()).append('\n')
                            .append(textOf(mail)).append('\n');
                } catch (MessagingException e) {
                    throw new IllegalStateException(e);
                }
            }
            try {
                Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            copier.shutdownNow();
        }
    }
}
