package org.medbook.notifications.infrastructure;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.medbook.identity.Role;
import org.medbook.identity.UserContacts;
import org.medbook.notifications.application.ChannelSender.Outgoing;
import org.medbook.notifications.application.ChannelSender.SendResult;
import org.medbook.notifications.application.NotificationTexts;
import org.medbook.notifications.domain.Kind;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;

/** Batches over real SMTP connections, and what each SMTP answer means for a delivery. */
class SmtpEmailSenderTests {

    static final Instant NOW = Instant.parse("2027-03-01T10:00:00Z");

    private final NotificationTexts texts = new NotificationTexts();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void aRefusedRecipientFailsForGoodATemporaryRefusalIsRetriedAndTheRestOfTheBatchGoesOutOverOneConnection()
            throws Exception {
        try (SmtpStandIn smtp = new SmtpStandIn(Map.of("gone@example.org", "550 5.1.1 no such user",
                "busy@example.org", "451 4.3.0 try again later"))) {
            List<Outgoing> batch = List.of(outgoing("one@example.org"), outgoing("gone@example.org"),
                    outgoing("two@example.org"), outgoing("busy@example.org"), outgoing("three@example.org"));

            Map<UUID, SendResult> results = sender(smtp.port(), 4).send(batch);

            assertThat(results.get(batch.get(0).deliveryId())).isEqualTo(new SendResult.Sent(Set.of("one@example.org")));
            assertThat(results.get(batch.get(1).deliveryId())).isInstanceOfSatisfying(SendResult.Failed.class,
                    failed -> assertThat(failed.reason()).contains("550"));
            assertThat(results.get(batch.get(2).deliveryId())).isEqualTo(new SendResult.Sent(Set.of("two@example.org")));
            assertThat(results.get(batch.get(3).deliveryId())).isInstanceOfSatisfying(SendResult.Retry.class,
                    retry -> assertThat(retry.reason()).contains("451"));
            assertThat(results.get(batch.get(4).deliveryId())).isEqualTo(new SendResult.Sent(Set.of("three@example.org")));
            assertThat(smtp.delivered()).containsExactly("one@example.org", "two@example.org", "three@example.org");
            assertThat(smtp.connections()).isEqualTo(1);
            assertThat(smtp.messages().get(0)).contains("Message-ID: <" + batch.get(0).deliveryId() + "@medbook.org>");
        }
    }

    @Test
    void messagesFollowEachOtherWithoutAskingWhetherTheConnectionIsStillOpen() throws Exception {
        try (SmtpStandIn smtp = new SmtpStandIn(Map.of())) {
            List<Outgoing> batch = List.of(outgoing("one@example.org"), outgoing("two@example.org"),
                    outgoing("three@example.org"));

            sender(smtp.port(), 1).send(batch);

            assertThat(smtp.delivered()).containsExactly("one@example.org", "two@example.org", "three@example.org");
            assertThat(smtp.commands()).containsExactly("EHLO", "MAIL", "RCPT", "DATA", "MAIL", "RCPT", "DATA", "MAIL",
                    "RCPT", "DATA", "QUIT");
        }
    }

    @Test
    void aServerThatClosesTheConnectionMidBatchGetsTheRestOverANewOne() throws Exception {
        try (SmtpStandIn smtp = new SmtpStandIn(Map.of("closing@example.org", "421 4.3.2 shutting down"))) {
            List<Outgoing> batch = List.of(outgoing("one@example.org"), outgoing("closing@example.org"),
                    outgoing("two@example.org"), outgoing("three@example.org"));

            Map<UUID, SendResult> results = sender(smtp.port(), 1).send(batch);

            assertThat(results.get(batch.get(1).deliveryId())).isInstanceOfSatisfying(SendResult.Retry.class,
                    retry -> assertThat(retry.reason()).contains("421"));
            assertThat(List.of(batch.get(0), batch.get(2), batch.get(3))).allSatisfy(o ->
                    assertThat(results.get(o.deliveryId())).isEqualTo(new SendResult.Sent(Set.of(o.recipient().email()))));
            assertThat(smtp.delivered()).containsExactly("one@example.org", "two@example.org", "three@example.org");
            assertThat(smtp.connections()).isEqualTo(2);
        }
    }

    @Test
    void theMessageAsWrittenReadsBackWithItsWordsNamesDateAndPartsIntact() throws Exception {
        try (SmtpStandIn smtp = new SmtpStandIn(Map.of())) {
            Outgoing base = outgoing("juergen@example.org");
            UserContacts.Contact german = new UserContacts.Contact(UUID.randomUUID(), "Jürgen Groß", "juergen@example.org",
                    null, "de", Set.of(Role.HELPER), true);
            String subject = "Ihr Passwort wurde geändert – bitte prüfen Sie Ihre Sitzungen, falls Sie es nicht selbst waren";
            Outgoing o = new Outgoing(base.deliveryId(), base.notificationId(), base.kind(), german, subject,
                    "Ändern Sie es = sofort,\nwenn nicht Sie es waren.", Map.of(), Locale.GERMAN, base.zone(), null, Set.of(), 1,
                    NOW);

            sender(smtp.port(), 1).send(List.of(o));

            String raw = smtp.messages().get(0);
            assertThat(raw.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998))
                    .allSatisfy(line -> assertThat(line.chars()).allMatch(c -> c < 128));
            MimeMessage read = new MimeMessage(Session.getInstance(new Properties()),
                    new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));
            assertThat(read.getSubject()).isEqualTo(subject);
            assertThat(((InternetAddress) read.getRecipients(Message.RecipientType.TO)[0]).getPersonal()).isEqualTo("Jürgen Groß");
            assertThat(((InternetAddress) read.getFrom()[0]).getAddress()).isEqualTo("no-reply@medbook.org");
            assertThat(read.getSentDate().toInstant()).isEqualTo(NOW);
            assertThat(read.getMessageID()).isEqualTo("<" + o.deliveryId() + "@medbook.org>");
            assertThat(read.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
            assertThat(read.getContentType()).startsWith("multipart/alternative");
            assertThat(MailParts.leaves(read)).hasSize(2);
            assertThat(MailParts.content(read, "text/plain")).contains("Ändern Sie es = sofort,\nwenn nicht Sie es waren.");
            assertThat(MailParts.content(read, "text/html")).contains("Ändern Sie es = sofort,", "lang=\"de\"");
        }
    }

    @Test
    void aLargeBatchIsSpreadOverTheConfiguredNumberOfConnections() throws Exception {
        try (SmtpStandIn smtp = new SmtpStandIn(Map.of())) {
            List<Outgoing> batch = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                batch.add(outgoing("patient" + i + "@example.org"));
            }

            Map<UUID, SendResult> results = sender(smtp.port(), 4).send(batch);

            assertThat(results).hasSize(200).allSatisfy((id, result) -> assertThat(result).isInstanceOf(SendResult.Sent.class));
            assertThat(smtp.delivered()).hasSize(200).doesNotHaveDuplicates();
            assertThat(smtp.connections()).isEqualTo(4);
        }
    }

    @Test
    void aSmallBatchUsesOneConnection() throws Exception {
        try (SmtpStandIn smtp = new SmtpStandIn(Map.of())) {
            List<Outgoing> batch = List.of(outgoing("a@example.org"), outgoing("b@example.org"), outgoing("c@example.org"));

            sender(smtp.port(), 4).send(batch);

            assertThat(smtp.connections()).isEqualTo(1);
            assertThat(smtp.delivered()).hasSize(3);
        }
    }

    @Test
    void withNoServerListeningEveryEmailIsRetried() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        List<Outgoing> batch = List.of(outgoing("a@example.org"), outgoing("b@example.org"));

        Map<UUID, SendResult> results = sender(closedPort, 4).send(batch);

        assertThat(results).hasSize(2).allSatisfy((id, result) -> assertThat(result).isInstanceOfSatisfying(
                SendResult.Retry.class, retry -> assertThat(retry.reason()).contains("Connect")));
    }

    @Test
    void aRecipientWithoutAnAddressIsSkippedAndAnInvalidAddressFails() throws Exception {
        try (SmtpStandIn smtp = new SmtpStandIn(Map.of())) {
            Outgoing none = outgoing(null);
            Outgoing broken = outgoing("not an address@@example.org");

            Map<UUID, SendResult> results = sender(smtp.port(), 4).send(List.of(none, broken));

            assertThat(results.get(none.deliveryId())).isInstanceOf(SendResult.Skipped.class);
            assertThat(results.get(broken.deliveryId())).isInstanceOf(SendResult.Failed.class);
            assertThat(smtp.connections()).isZero();
        }
    }

    private SmtpEmailSender sender(int port, int connections) {
        JavaMailSenderImpl mail = new JavaMailSenderImpl();
        mail.setHost("127.0.0.1");
        mail.setPort(port);
        mail.getJavaMailProperties().put("mail.smtp.connectiontimeout", "1000");
        mail.getJavaMailProperties().put("mail.smtp.timeout", "2000");
        EmailProperties properties = new EmailProperties("Medbook <no-reply@medbook.org>", null, connections);
        return new SmtpEmailSender(mail, new EmailComposer(texts, properties, clock), properties, clock);
    }

    private Outgoing outgoing(String email) {
        UserContacts.Contact recipient = new UserContacts.Contact(UUID.randomUUID(), "Staff Member", email, null, "en",
                Set.of(Role.HELPER), true);
        ZoneId zone = ZoneId.of("Europe/Berlin");
        return new Outgoing(UUID.randomUUID(), UUID.randomUUID(), Kind.PASSWORD_CHANGED, recipient,
                texts.title(Kind.PASSWORD_CHANGED, "staff", Map.of(), Locale.ENGLISH, zone),
                texts.body(Kind.PASSWORD_CHANGED, "staff", Map.of(), Locale.ENGLISH, zone), Map.of(), Locale.ENGLISH, zone,
                null, Set.of(), 1, NOW);
    }
}
