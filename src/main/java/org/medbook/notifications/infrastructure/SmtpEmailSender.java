package org.medbook.notifications.infrastructure;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.StreamProvider;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailStreamProvider;
import org.medbook.notifications.application.ChannelSender;
import org.medbook.notifications.domain.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * E-mail over SMTP (Spring Mail, {@code spring.mail.*}; it exists when an SMTP host is configured).
 * A batch of deliveries travels over as few connections as it needs, at most
 * {@code medbook.mail.connections} at once, each sending its share one message after the other, and
 * each message gets its own outcome: a refused recipient (SMTP 5xx) fails for good, while a refused
 * connection, a timeout or a 4xx answer is retried later with the same Message-ID.
 *
 * <p>The connections are driven by platform threads of their own, not virtual threads: SMTP is a
 * conversation of small replies (four per message), and a virtual thread that waits for each one is
 * unmounted, handed to the poller and mounted again: in a probe of the sender alone that cost about
 * twice the CPU per message of a thread that simply blocks in the socket read (with every core busy
 * the difference is smaller; BENCHMARKS.md, e-mail sent from platform threads).
 */
@Component
@ConditionalOnProperty(prefix = "spring.mail", name = "host")
class SmtpEmailSender implements ChannelSender, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SmtpEmailSender.class);
    /** Below this many e-mails per connection another connection costs more than it saves. */
    static final int MIN_PER_CONNECTION = 25;

    private final JavaMailSenderImpl mail;
    private final Session session;
    private final EmailComposer composer;
    private final EmailProperties properties;
    private final Clock clock;
    private final InternetAddress sender;
    private final String idHost;
    /** One platform thread per connection a batch may open, kept for the next batch (at most a few). */
    private final ThreadPoolExecutor connections;

    static {
        // Jakarta Mail 2.1 looks its stream provider up through ServiceLoader for every part it creates
        // or writes, scanning the whole class path each time; named here, the lookup is one Class.forName.
        System.getProperties().putIfAbsent(StreamProvider.class.getName(), MailStreamProvider.class.getName());
    }

    SmtpEmailSender(JavaMailSenderImpl mail, EmailComposer composer, EmailProperties properties, Clock clock) {
        this.mail = mail;
        this.session = mail.getSession();
        this.composer = composer;
        this.properties = properties;
        this.clock = clock;
        this.sender = properties.sender();
        this.idHost = properties.idHost();
        this.connections = new ThreadPoolExecutor(properties.connections(), properties.connections(),
                0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().daemon().name("smtp-", 1).factory());
    }

    @Override
    public void destroy() {
        connections.shutdown();
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public Map<UUID, SendResult> send(List<Outgoing> batch) {
        Map<UUID, SendResult> results = new ConcurrentHashMap<>();
        List<Prepared> prepared = new ArrayList<>();
        Instant now = clock.instant();
        for (Outgoing o : batch) {
            String email = o.recipient().email();
            if (email == null || email.isBlank()) {
                results.put(o.deliveryId(), new SendResult.Skipped("the recipient has no e-mail address"));
            } else if (o.doneTargets().contains(email)) {
                results.put(o.deliveryId(), new SendResult.Sent(Set.of(email)));
            } else {
                try {
                    prepared.add(new Prepared(o, message(o, now)));
                } catch (jakarta.mail.internet.AddressException e) {
                    results.put(o.deliveryId(), new SendResult.Failed("not a valid e-mail address: " + e.getMessage()));
                } catch (MessagingException | RuntimeException e) {
                    log.warn("E-mail for delivery {} ({}) could not be written: {}", o.deliveryId(), o.kind(), e.toString());
                    results.put(o.deliveryId(), new SendResult.Failed("the e-mail could not be written: " + e));
                }
            }
        }
        List<Future<?>> sending = new ArrayList<>();
        for (List<Prepared> share : shares(prepared)) {
            sending.add(connections.submit(() -> sendOver(share, results)));
        }
        for (Future<?> share : sending) {
            try {
                share.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                log.warn("An SMTP connection failed unexpectedly: {}", e.getCause().toString());
            }
        }
        return results;
    }

    /** The batch cut into consecutive shares, one per connection. */
    List<List<Prepared>> shares(List<Prepared> prepared) {
        int count = Math.max(1, Math.min(properties.connections(),
                (prepared.size() + MIN_PER_CONNECTION - 1) / MIN_PER_CONNECTION));
        List<List<Prepared>> shares = new ArrayList<>();
        int size = (prepared.size() + count - 1) / count;
        for (int from = 0; from < prepared.size(); from += size) {
            shares.add(prepared.subList(from, Math.min(prepared.size(), from + size)));
        }
        return shares;
    }

    /**
     * One connection for the whole share, driven here rather than by {@link JavaMailSender#send}: Spring's
     * sender asks the server whether the connection is still open (a NOOP and its reply) before every
     * message, a fifth round trip per e-mail. Here the connection is only checked after a message failed,
     * and opened again if that failure closed it; if it cannot be opened, the rest of the share waits for
     * a retry.
     */
    private void sendOver(List<Prepared> share, Map<UUID, SendResult> results) {
        Map<Object, Exception> failures = new IdentityHashMap<>();
        Transport transport = null;
        try {
            for (int i = 0; i < share.size(); i++) {
                MimeMessage message = share.get(i).message();
                if (transport == null) {
                    try {
                        transport = connect();
                    } catch (MessagingException | RuntimeException e) {
                        share.subList(i, share.size()).forEach(p -> failures.put(p.message(), e));
                        break;
                    }
                }
                try {
                    transport.sendMessage(message, message.getAllRecipients());
                } catch (MessagingException | RuntimeException e) {
                    failures.put(message, e);
                    if (!transport.isConnected()) {
                        close(transport);
                        transport = null;
                    }
                }
            }
        } finally {
            close(transport);
        }
        int retried = 0;
        int failed = 0;
        String firstProblem = null;
        for (Prepared p : share) {
            Exception failure = failures.get(p.message());
            SendResult result = failure == null ? new SendResult.Sent(Set.of(p.outgoing().recipient().email()))
                    : outcome(failure);
            results.put(p.outgoing().deliveryId(), result);
            if (failure != null) {
                firstProblem = firstProblem == null ? problem(failure) : firstProblem;
                if (result instanceof SendResult.Failed) {
                    failed++;
                } else {
                    retried++;
                }
            }
        }
        if (firstProblem != null) {
            log.warn("{} of {} e-mails not sent ({} to retry, {} refused for good): {}", retried + failed, share.size(),
                    retried, failed, firstProblem);
        }
    }

    /** A connection as Spring Mail's settings describe it ({@code spring.mail.host}, port, user, password). */
    private Transport connect() throws MessagingException {
        Transport transport = session.getTransport(mail.getProtocol() == null ? "smtp" : mail.getProtocol());
        transport.connect(mail.getHost(), mail.getPort(), mail.getUsername(), mail.getPassword());
        return transport;
    }

    private static void close(Transport transport) {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException | RuntimeException e) {
                // everything of the share was answered already; a connection that does not close cleanly loses nothing
            }
        }
    }

    /** SMTP 5xx refuses for good; anything else (no connection, timeout, 4xx) may pass. */
    static SendResult outcome(Exception failure) {
        int code = replyCode(failure);
        String reason = reason(failure, code);
        return code >= 500 && code < 600 ? new SendResult.Failed(reason) : new SendResult.Retry(reason, Set.of());
    }

    /** The SMTP reply code somewhere in the failure's chain, or -1 when the server never answered. */
    static int replyCode(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 10; depth++) {
            if (cause instanceof SMTPAddressFailedException refused) {
                return refused.getReturnCode();
            }
            if (cause instanceof SMTPSendFailedException refused) {
                return refused.getReturnCode();
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return -1;
    }

    private static String reason(Throwable failure, int code) {
        Throwable deepest = failure;
        for (int depth = 0; deepest.getCause() != null && deepest.getCause() != deepest && depth < 10; depth++) {
            deepest = deepest.getCause();
        }
        String message = deepest.getMessage() == null ? "" : ": " + deepest.getMessage().strip().lines().findFirst().orElse("");
        String reason = (code > 0 ? "SMTP " + code + " " : "") + deepest.getClass().getSimpleName() + message;
        return reason.length() > 300 ? reason.substring(0, 300) : reason;
    }

    /** For the log: what went wrong, without an address or any content. */
    private static String problem(Throwable failure) {
        int code = replyCode(failure);
        Throwable deepest = failure;
        for (int depth = 0; deepest.getCause() != null && deepest.getCause() != deepest && depth < 10; depth++) {
            deepest = deepest.getCause();
        }
        return code > 0 ? "SMTP reply " + code : deepest.getClass().getSimpleName();
    }

    /** The MIME message of one delivery, Message-ID fixed by the delivery id. */
    MimeMessage message(Outgoing o, Instant now) throws MessagingException {
        return DeliveryMimeMessage.write(session, o.deliveryId(), idHost, sender, recipient(o), now, composer.compose(o));
    }

    private static InternetAddress recipient(Outgoing o) throws MessagingException {
        String name = o.recipient().name();
        InternetAddress address;
        try {
            address = name == null || name.isBlank() ? new InternetAddress(o.recipient().email())
                    : new InternetAddress(o.recipient().email(), name.strip(), "UTF-8");
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
        address.validate();
        return address;
    }

    record Prepared(Outgoing outgoing, MimeMessage message) {
    }
}
