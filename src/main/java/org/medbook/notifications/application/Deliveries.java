package org.medbook.notifications.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.medbook.identity.IdentityEvents;
import org.medbook.identity.UserContacts;
import org.medbook.notifications.domain.Channel;
import org.medbook.shared.crypto.FieldCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends what is due through each channel, after every commit and outside any transaction. A
 * delivery is leased while it is sent, so two nodes never send it at once; a node that dies
 * mid-send leaves a lease that lapses and the delivery is picked up again. The fan-out inserts the
 * deliveries due at once already leased to its node and hands them over in memory. Failures back off
 * exponentially until {@code giveUpAt}, then the delivery is FAILED and listed for staff.
 */
@Component
public class Deliveries {

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);
    static final Duration LEASE = Duration.ofMinutes(2);
    /** A handed-over delivery whose lease ends sooner than this is left to a claim instead. */
    static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

    /**
     * Deliveries this node's fan-out inserted leased to itself, sent from here without a claim. Bounded:
     * when it is full the fan-out inserts them PENDING, for a claim.
     */
    private final Queue<Fresh> fresh = new ConcurrentLinkedQueue<>();
    private final AtomicInteger freshCount = new AtomicInteger();
    /** While deliveries are handed over, the database is not asked for others before this. */
    private volatile Instant nextClaim = Instant.MIN;

    private final NotificationStore store;
    private final Map<Channel, ChannelSender> senders;
    private final UserContacts contacts;
    private final FieldCipher cipher;
    private final NotificationsProperties properties;
    private final Clock clock;
    private final ExecutorService sending = Executors.newVirtualThreadPerTaskExecutor();
    private final MeterRegistry meters;
    /** Each channel's counters by outcome, registered once instead of looked up by name per delivery. */
    private final Map<Channel, Map<String, Counter>> counters = new ConcurrentHashMap<>();

    Deliveries(NotificationStore store, List<ChannelSender> senders, UserContacts contacts, FieldCipher cipher,
            NotificationsProperties properties, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.senders = senders.stream().collect(Collectors.toUnmodifiableMap(ChannelSender::channel, Function.identity()));
        this.contacts = contacts;
        this.cipher = cipher;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
    }

    /** Whether the fan-out may lease its new deliveries to this node and hand them over after commit. */
    boolean takesHandOvers() {
        return freshCount.get() < 4 * properties.batchSize();
    }

    /**
     * New deliveries, committed leased to this node until {@code leaseUntil}: sent by the next round
     * from memory, which saves a claim (a statement, and an update of every row) per delivery. If the
     * node stops first, their leases lapse and any node claims them. The recipients' contacts come with
     * them, as the fan-out read them moments before, so they are not read again.
     */
    void handOver(List<NotificationStore.ClaimedDelivery> deliveries, Map<UUID, UserContacts.Contact> contacts,
            Instant leaseUntil) {
        deliveries.forEach(d -> fresh.add(new Fresh(d, contacts.get(d.recipientId()), leaseUntil)));
        freshCount.addAndGet(deliveries.size());
    }

    private record Fresh(NotificationStore.ClaimedDelivery delivery, UserContacts.Contact recipient, Instant leaseUntil) {
    }

    /**
     * One batch: the deliveries handed over first, then those due in the database (PENDING, or leased
     * to a node whose lease lapsed); returns how many were attempted.
     */
    int runOnce() {
        Instant now = clock.instant();
        List<NotificationStore.ClaimedDelivery> claimed = new ArrayList<>();
        Map<UUID, UserContacts.Contact> recipients = new HashMap<>();
        for (Fresh next; claimed.size() < properties.batchSize() && (next = fresh.poll()) != null; ) {
            freshCount.decrementAndGet();
            // a lease close to its end is left to the claim, which another node may be making already
            if (now.plus(LEASE_MARGIN).isBefore(next.leaseUntil())) {
                claimed.add(next.delivery());
                if (next.recipient() != null) {
                    recipients.put(next.recipient().id(), next.recipient());
                }
            }
        }
        // what the database holds for a claim (deliveries held by quiet hours, retries, leases that lapsed,
        // those another node stored) is looked for when nothing was handed over, and at least once per
        // poll while hand-overs keep coming: not after every fan-out, where it would find nothing
        if (claimed.size() < properties.batchSize() && (claimed.isEmpty() || !now.isBefore(nextClaim))) {
            nextClaim = now.plus(properties.pollEvery());
            claimed.addAll(store.claimDeliveries(now, now.plus(LEASE), properties.batchSize() - claimed.size()));
        }
        if (claimed.isEmpty()) {
            return 0;
        }
        Set<UUID> unknown = claimed.stream().map(NotificationStore.ClaimedDelivery::recipientId)
                .filter(id -> !recipients.containsKey(id)).collect(Collectors.toSet());
        if (!unknown.isEmpty()) {
            recipients.putAll(contacts.find(unknown));
        }
        Map<Channel, List<NotificationStore.ClaimedDelivery>> byChannel = claimed.stream()
                .collect(Collectors.groupingBy(NotificationStore.ClaimedDelivery::channel));
        List<Future<?>> running = new ArrayList<>();
        byChannel.forEach((channel, batch) -> running.add(sending.submit(() -> send(channel, batch, recipients))));
        for (Future<?> future : running) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return claimed.size();
            } catch (java.util.concurrent.ExecutionException e) {
                log.warn("Sending a batch failed: {}", e.getCause().toString());
            }
        }
        return claimed.size();
    }

    private void send(Channel channel, List<NotificationStore.ClaimedDelivery> batch,
            Map<UUID, UserContacts.Contact> recipients) {
        ChannelSender sender = senders.get(channel);
        List<ChannelSender.Outgoing> outgoing = new ArrayList<>();
        List<NotificationStore.Outcome> outcomes = new ArrayList<>();
        Map<UUID, NotificationStore.ClaimedDelivery> byId = new java.util.HashMap<>();
        for (NotificationStore.ClaimedDelivery d : batch) {
            byId.put(d.id(), d);
            UserContacts.Contact recipient = recipients.get(d.recipientId());
            if (sender == null || recipient == null || !recipient.active() && d.kind().category() != org.medbook.notifications.domain.Category.SECURITY) {
                outcomes.add(new NotificationStore.Outcome(d.id(), "SKIPPED", sender == null
                        ? channel + " is not configured on this server"
                        : recipient == null ? "the recipient no longer exists" : "the account is suspended", Set.of(),
                        clock.instant(), null));
                continue;
            }
            outgoing.add(new ChannelSender.Outgoing(d.id(), d.notificationId(), d.kind(), recipient, d.title(), d.body(),
                    d.data(), java.util.Locale.forLanguageTag(d.language()), ZoneId.of(d.timeZone()),
                    d.secret() == null ? null : cipher.decrypt(d.secret(),
                            IdentityEvents.TemporaryPasswordIssued.CIPHER_CONTEXT + d.recipientId()),
                    d.doneTargets(), d.attempts(), d.createdAt()));
        }
        Map<UUID, ChannelSender.SendResult> results = Map.of();
        if (!outgoing.isEmpty()) {
            try {
                results = sender.send(outgoing);
            } catch (RuntimeException e) {
                log.warn("{} sender failed for {} deliveries: {}", channel, outgoing.size(), e.toString());
            }
        }
        List<UUID> secretsSent = new ArrayList<>();
        for (ChannelSender.Outgoing o : outgoing) {
            ChannelSender.SendResult result = results.getOrDefault(o.deliveryId(),
                    new ChannelSender.SendResult.Retry("no answer from the " + channel + " sender", o.doneTargets()));
            NotificationStore.ClaimedDelivery d = byId.get(o.deliveryId());
            outcomes.add(outcome(d, result));
            if (result instanceof ChannelSender.SendResult.Sent && d.secret() != null && d.channel() == Channel.EMAIL) {
                secretsSent.add(d.notificationId());
            }
        }
        store.record(outcomes);
        store.forgetSecrets(secretsSent);
        outcomes.forEach(outcome -> count(channel, outcome.status()));
    }

    /** Counted once the outcome is stored: sent, failed (given up), skipped, or retry (will be tried again). */
    private void count(Channel channel, String status) {
        counters.computeIfAbsent(channel, c -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, s -> Counter.builder("medbook.notifications.deliveries")
                        .description("Notification deliveries by channel and outcome")
                        .tag("channel", channel.name().toLowerCase(java.util.Locale.ROOT))
                        .tag("outcome", "PENDING".equals(s) ? "retry" : s.toLowerCase(java.util.Locale.ROOT))
                        .register(meters))
                .increment();
    }

    private NotificationStore.Outcome outcome(NotificationStore.ClaimedDelivery d, ChannelSender.SendResult result) {
        Instant now = clock.instant();
        return switch (result) {
            case ChannelSender.SendResult.Sent sent -> new NotificationStore.Outcome(d.id(), "SENT", null, sent.targets(), now, null);
            case ChannelSender.SendResult.Skipped skipped ->
                    new NotificationStore.Outcome(d.id(), "SKIPPED", skipped.reason(), Set.of(), now, null);
            case ChannelSender.SendResult.Failed failed ->
                    new NotificationStore.Outcome(d.id(), "FAILED", failed.reason(), null, now, null);
            case ChannelSender.SendResult.Retry retry -> {
                Instant next = now.plus(properties.backOff(d.attempts()));
                if (next.isAfter(d.giveUpAt())) {
                    yield new NotificationStore.Outcome(d.id(), "FAILED",
                            "gave up after " + d.attempts() + " attempts: " + retry.reason(), null, now, null);
                }
                Set<String> targets = new HashSet<>(d.doneTargets());
                targets.addAll(retry.targets());
                yield new NotificationStore.Outcome(d.id(), "PENDING", retry.reason(), targets, null, next);
            }
        };
    }
}
