package org.medbook.notifications.infrastructure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;
import java.util.UUID;

import jakarta.mail.Address;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

/**
 * A notification e-mail written once, as the bytes that go on the wire (RFC 5322 with MIME, RFC 2045-2049),
 * and sent through Spring Mail and Jakarta Mail like any other message: they read its envelope (sender,
 * recipient) from it and copy {@link #writeTo} to the SMTP connection.
 *
 * <p>Its Message-ID names its delivery ({@code <deliveryId@host>}) instead of a random one: a retried
 * delivery carries the same id, so a mail server or client that saw the first copy can recognise the
 * second, and support can find a delivery from a bounced e-mail.
 *
 * <p>Why not a MimeMessage built part by part: Jakarta Mail then writes every part through a data
 * handler, a mailcap lookup and a chain of line and encoding streams, and parses the Date header back
 * whenever the message is sent; that was half the cost of sending a notification. Here every body is
 * quoted-printable, so a boundary starting with {@code =_} can never occur inside one (an {@code =} in
 * the text is always written {@code =3D}).
 */
final class DeliveryMimeMessage extends MimeMessage {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final byte[] CRLF = {'\r', '\n'};

    private final String messageId;
    private final InternetAddress from;
    private final InternetAddress to;
    private final String subject;
    private final Date sentDate;
    private final byte[] bytes;

    private DeliveryMimeMessage(Session session, String messageId, InternetAddress from, InternetAddress to,
            String subject, Date sentDate, byte[] bytes) {
        super(session);
        this.messageId = messageId;
        this.from = from;
        this.to = to;
        this.subject = subject;
        this.sentDate = sentDate;
        this.bytes = bytes;
    }

    static String messageId(UUID deliveryId, String host) {
        return "<" + deliveryId + "@" + host + ">";
    }

    /**
     * The e-mail of one delivery: the texts as a {@code multipart/alternative} (plain, HTML and, for a
     * visit, the calendar message inline), inside a {@code multipart/mixed} with the same calendar text
     * as an attachment when there is one.
     */
    static DeliveryMimeMessage write(Session session, UUID deliveryId, String host, InternetAddress from,
            InternetAddress to, Instant sent, EmailComposer.Email email) {
        String id = messageId(deliveryId, host);
        String tag = deliveryId.toString().replace("-", "");
        String alternative = "=_alt_" + tag;
        String mixed = "=_mix_" + tag;
        Bytes out = new Bytes(8192);
        out.header("From", InternetAddress.toString(new Address[] {from}, 6));
        out.header("To", InternetAddress.toString(new Address[] {to}, 4));
        out.header("Message-ID", id);
        out.header("Subject", encoded(email.subject(), 9));
        out.header("Date", DATE.format(sent));
        // RFC 3834: out-of-office robots should not answer
        out.header("Auto-Submitted", "auto-generated");
        out.header("MIME-Version", "1.0");
        byte[] ics = email.invite() == null ? null : QuotedPrintable.encode(email.invite().ics());
        if (ics != null) {
            out.header("Content-Type", "multipart/mixed; boundary=\"" + mixed + "\"");
            out.line("");
            out.boundary(mixed);
            out.header("Content-Type", "multipart/alternative; boundary=\"" + alternative + "\"");
        } else {
            out.header("Content-Type", "multipart/alternative; boundary=\"" + alternative + "\"");
        }
        out.line("");
        out.boundary(alternative);
        out.part("text/plain; charset=UTF-8", null, QuotedPrintable.encode(email.text()));
        out.boundary(alternative);
        out.part("text/html; charset=UTF-8", null, QuotedPrintable.encode(email.html()));
        if (ics != null) {
            out.boundary(alternative);
            out.part(email.invite().contentType(), null, ics);
            out.end(alternative);
            // the same calendar text as a file, for clients that do not offer accept or remove inline
            out.boundary(mixed);
            out.part("application/ics; name=" + CalendarInvite.FILE_NAME, "attachment; filename=" + CalendarInvite.FILE_NAME,
                    ics);
            out.end(mixed);
        } else {
            out.end(alternative);
        }
        return new DeliveryMimeMessage(session, id, from, to, email.subject(), Date.from(sent), out.toByteArray());
    }

    /** A header value in RFC 2047 words when it is not ASCII, folded after {@code used} characters. */
    private static String encoded(String text, int used) {
        try {
            return MimeUtility.fold(used, MimeUtility.encodeText(text, "UTF-8", null));
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String getMessageID() {
        return messageId;
    }

    @Override
    public Address[] getFrom() {
        return new Address[] {from};
    }

    @Override
    public Address[] getAllRecipients() {
        return new Address[] {to};
    }

    @Override
    public Address[] getRecipients(jakarta.mail.Message.RecipientType type) {
        return type == jakarta.mail.Message.RecipientType.TO ? new Address[] {to} : null;
    }

    @Override
    public String getSubject() {
        return subject;
    }

    @Override
    public Date getSentDate() {
        return new Date(sentDate.getTime());
    }

    /** The message is complete as written: nothing to derive before sending. */
    @Override
    public void saveChanges() {
    }

    @Override
    public int getSize() {
        return bytes.length;
    }

    @Override
    public void writeTo(OutputStream os) throws IOException {
        os.write(bytes);
    }

    /** The ignored headers (Bcc, Content-Length for SMTP) are never written here. */
    @Override
    public void writeTo(OutputStream os, String[] ignoreList) throws IOException {
        os.write(bytes);
    }

    /** A message under construction: ASCII header lines, boundaries and already encoded bodies. */
    private static final class Bytes extends ByteArrayOutputStream {

        Bytes(int size) {
            super(size);
        }

        void line(String ascii) {
            writeBytes(ascii.getBytes(StandardCharsets.US_ASCII));
            writeBytes(CRLF);
        }

        void header(String name, String value) {
            line(name + ": " + value);
        }

        void boundary(String boundary) {
            line("--" + boundary);
        }

        void end(String boundary) {
            line("--" + boundary + "--");
        }

        /** One leaf part; the line break after its body belongs to the boundary that follows (RFC 2046). */
        void part(String contentType, String disposition, byte[] quotedPrintable) {
            header("Content-Type", contentType);
            header("Content-Transfer-Encoding", "quoted-printable");
            if (disposition != null) {
                header("Content-Disposition", disposition);
            }
            line("");
            writeBytes(quotedPrintable);
            writeBytes(CRLF);
        }
    }
}
