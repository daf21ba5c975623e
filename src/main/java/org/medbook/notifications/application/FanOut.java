package org.medbook.notifications.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.nio.charset.StandardCharsets;

import org.medbook.booking.AppointmentStatus;
import org.medbook.booking.BookingEvents;
import org.medbook.booking.Bookings;
import org.medbook.visits.VisitLinks;
import org.medbook.identity.UserContacts;
import org.medbook.payments.PaymentEvents;
import org.medbook.notifications.domain.Channel;
import org.medbook.notifications.domain.Preferences;
import org.medbook.shared.realtime.UserMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns stored events into notifications, a batch per transaction: who is told (the rules), in which
 * language and zone, on which channels (preferences), and when (quiet hours). In-app notifications are
 * pushed to open sockets after commit; other channels are left to the {@link Deliveries}.
 */
@Component
class FanOut {

    private static final Logger log = LoggerFactory.getLogger(FanOut.class);
    /** A change to a visit this close is never held by quiet hours. */
    static final Duration VISIT_DAY = Duration.ofHours(24);

    private final NotificationStore store;
    private final NotificationRules rules;
    private final EventCodec codec;
    private final Bookings bookings;
    private final RecentDoctors doctors;
    private final UserContacts contacts;
    private final NotificationTexts texts;
    private final NotificationsProperties properties;
    private final ObjectProvider<UserMessages> realtime;
    private final Nudges nudges;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final VisitLinks visits;
    private final Deliveries deliveries;

    FanOut(NotificationStore store, NotificationRules rules, EventCodec codec, Bookings bookings, RecentDoctors doctors,
            UserContacts contacts, NotificationTexts texts, NotificationsProperties properties,
            ObjectProvider<UserMessages> realtime, Nudges nudges, PlatformTransactionManager transactions, Clock clock,
            VisitLinks visits, Deliveries deliveries) {
        this.store = store;
        this.rules = rules;
        this.codec = codec;
        this.bookings = bookings;
        this.doctors = doctors;
        this.contacts = contacts;
        this.texts = texts;
        this.properties = properties;
        this.realtime = realtime;
        this.nudges = nudges;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.visits = visits;
        this.deliveries = deliveries;
    }

    /**
     * One batch; returns how many events it handled (0 when there was nothing to do). When a batch
     * fails as a whole (a database error aborts its transaction), the next event is handled alone, so
     * one bad event is set aside for a later retry instead of blocking all the others.
     */
    int runOnce() {
        try {
            return run(properties.batchSize());
        } catch (RuntimeException batchFailed) {
            log.warn("A notification batch failed, handling events one by one: {}", batchFailed.toString());
            UUID[] current = new UUID[1];
            try {
                return run(1, current);
            } catch (RuntimeException eventFailed) {
                if (current[0] != null) {
                    Instant now = clock.instant();
                    transaction.executeWithoutResult(status -> store.eventFailed(current[0], eventFailed.toString(),
                            now.plus(properties.backOff(1))));
                }
                return 1;
            }
        }
    }

    private int run(int limit) {
        return run(limit, new UUID[1]);
    }

    private int run(int limit, UUID[] current) {
        Integer handled = transaction.execute(status -> {
            Instant now = clock.instant();
            List<NotificationStore.StoredEvent> events = store.claimEvents(now, limit);
            if (events.isEmpty()) {
                return 0;
            }
            doctors.catchUp(now);
            Facts facts = new Facts(bookings, doctors, visits);
            Map<UUID, Object> decoded = new LinkedHashMap<>();
            Map<UUID, Instant> storedAt = new HashMap<>();
            events.forEach(event -> storedAt.put(event.id(), event.createdAt()));
            for (NotificationStore.StoredEvent stored : events) {
                current[0] = stored.id();
                try {
                    decoded.put(stored.id(), codec.decode(stored.type(), stored.payload()));
                } catch (RuntimeException unreadable) {
                    log.warn("Notification event {} ({}) cannot be read: {}", stored.id(), stored.type(), unreadable.toString());
                    store.eventFailed(stored.id(), unreadable.toString(), now.plus(properties.maxRetryAfter()));
                }
            }
            facts.prefetch(decoded.values().stream().map(FanOut::bookingOf).filter(java.util.Objects::nonNull).toList());
            Reminders reminders = new Reminders();
            List<Planned> planned = new ArrayList<>();
            decoded.forEach((id, event) -> {
                current[0] = id;
                keepReminders(event, facts, now, reminders);
                planned.addAll(rules.plan(event, facts));
            });
            reminders.store(store, properties.reminders(), now);
            List<UUID> done = new ArrayList<>(decoded.keySet());
            Instant leaseUntil = deliveries.takesHandOvers() ? now.plus(Deliveries.LEASE) : null;
            Written written = write(planned, storedAt, now, leaseUntil);
            store.eventsDone(done);
            afterCommit(() -> {
                // handed over first: a push that fails (a broker relay that is down) cannot hold them up
                if (!written.leased().isEmpty()) {
                    deliveries.handOver(written.leased(), written.contacts(), leaseUntil);
                }
                nudges.deliveries();
                UserMessages messages = realtime.getIfAvailable();
                if (messages != null) {
                    written.pushed().forEach(p -> messages.send(p.recipientId(), "notifications", p.view()));
                }
            });
            return events.size();
        });
        return handled == null ? 0 : handled;
    }

    /** The booking an event is about, if any: those of a batch are read together before its rules run. */
    private static UUID bookingOf(Object event) {
        return switch (event) {
            case BookingEvents.BookingEvent e -> e.bookingId();
            case PaymentEvents.PaymentEvent e -> e.bookingId();
            case ReminderDue e -> e.bookingId();
            default -> null;
        };
    }

    /**
     * Reminders follow the booking as it stands now, so events handled out of order cannot confuse them;
     * a batch's reminders are written together, once per booking.
     */
    private static void keepReminders(Object event, Facts facts, Instant now, Reminders reminders) {
        UUID bookingId = switch (event) {
            case BookingEvents.AppointmentConfirmed e -> e.bookingId();
            case BookingEvents.AppointmentRescheduled e -> e.bookingId();
            case BookingEvents.AppointmentCancelled e -> e.bookingId();
            case BookingEvents.AppointmentDeclined e -> e.bookingId();
            case BookingEvents.AppointmentExpired e -> e.bookingId();
            default -> null;
        };
        if (bookingId == null) {
            return;
        }
        facts.booking(bookingId).ifPresentOrElse(b -> {
            if (b.status() == AppointmentStatus.CONFIRMED && b.start().isAfter(now)) {
                reminders.keep(b.id(), b.start());
            } else {
                reminders.drop(b.id());
            }
        }, () -> reminders.drop(bookingId));
    }

    /** What a batch does to reminders: for each booking, its visit's start (to schedule them) or null (to drop them). */
    private static final class Reminders {

        private final Map<UUID, Instant> starts = new LinkedHashMap<>();

        void keep(UUID bookingId, Instant start) {
            starts.put(bookingId, start);
        }

        void drop(UUID bookingId) {
            starts.put(bookingId, null);
        }

        void store(NotificationStore store, List<Duration> offsets, Instant now) {
            Map<UUID, Instant> scheduled = new LinkedHashMap<>();
            List<UUID> dropped = new ArrayList<>();
            starts.forEach((bookingId, start) -> {
                if (start == null) {
                    dropped.add(bookingId);
                } else {
                    scheduled.put(bookingId, start);
                }
            });
            if (!scheduled.isEmpty()) {
                store.scheduleReminders(scheduled, offsets, now);
            }
            if (!dropped.isEmpty()) {
                store.dropReminders(dropped);
            }
        }
    }

    /**
     * Stores a batch's notifications and deliveries. The deliveries due at once are inserted leased to this
     * node until {@code leaseUntil} (when it is not null) and returned, to be handed over after commit.
     */
    private Written write(List<Planned> planned, Map<UUID, Instant> storedAt, Instant now, Instant leaseUntil) {
        if (planned.isEmpty()) {
            return new Written(List.of(), List.of(), Map.of());
        }
        Set<UUID> people = new HashSet<>();
        planned.forEach(p -> {
            people.add(p.recipientId());
            Object patient = p.data().get("patientId");
            if (patient != null) {
                people.add(UUID.fromString(patient.toString()));
            }
        });
        Map<UUID, UserContacts.Contact> known = contacts.find(people);
        Map<UUID, Preferences> preferences = store.preferences(people);
        Set<UUID> withDevices = store.usersWithDevices(people);
        List<NotificationStore.NewNotification> notifications = new ArrayList<>();
        List<NotificationStore.NewDelivery> deliveries = new ArrayList<>();
        for (Planned p : planned) {
            UserContacts.Contact recipient = known.get(p.recipientId());
            if (recipient == null) {
                continue;
            }
            Preferences chosen = preferences.getOrDefault(p.recipientId(), Preferences.defaults());
            String audience = audience(p, recipient);
            Map<String, Object> data = new LinkedHashMap<>(p.data());
            if (!"patient".equals(audience) && data.get("patientId") != null) {
                UserContacts.Contact patient = known.get(UUID.fromString(data.get("patientId").toString()));
                data.put("patientName", patient == null || patient.name() == null ? "" : patient.name());
            }
            Locale locale = texts.locale(recipient.language());
            ZoneId zone = chosen.timeZone() != null ? chosen.timeZone()
                    : p.practiceZone() != null ? p.practiceZone() : properties.defaultTimeZone();
            Instant eventAt = storedAt.getOrDefault(p.sourceId(), now);
            UUID notificationId = idOf(eventAt, p.sourceId(), p.recipientId(), null);
            notifications.add(new NotificationStore.NewNotification(notificationId, p.sourceId(), p.recipientId(),
                    p.kind(), texts.title(p.kind(), audience, data, locale, zone),
                    texts.body(p.kind(), audience, data, locale, zone), data, locale.getLanguage(), zone.getId(),
                    p.kind().inApp(), p.sealedSecret(), now));
            Instant sendAt = sendAt(p, chosen, zone, now);
            Instant lease = sendAt.isAfter(now) ? null : leaseUntil;
            for (Channel channel : chosen.channelsFor(p.kind(), "patient".equals(audience))) {
                if (reachable(channel, recipient, withDevices)) {
                    deliveries.add(new NotificationStore.NewDelivery(idOf(eventAt, p.sourceId(), p.recipientId(), channel),
                            notificationId, p.sourceId(), p.recipientId(), channel, sendAt,
                            sendAt.plus(properties.giveUpAfter()), now, lease));
                }
            }
        }
        List<NotificationStore.NewNotification> inserted = store.addNotifications(notifications);
        List<NotificationStore.NewDelivery> added = store.addDeliveries(deliveries);
        List<Pushed> pushed = inserted.stream().filter(NotificationStore.NewNotification::inApp)
                .map(n -> new Pushed(n.recipientId(), new NotificationView(n.id(), n.kind().name(),
                        n.kind().category().name(), n.title(), n.body(), n.data(), n.createdAt(), null)))
                .toList();
        return new Written(pushed, leased(added, notifications), known);
    }

    /** The inserted deliveries leased to this node, as a claim would have read them. */
    private static List<NotificationStore.ClaimedDelivery> leased(List<NotificationStore.NewDelivery> added,
            List<NotificationStore.NewNotification> notifications) {
        Map<UUID, NotificationStore.NewNotification> byId = new HashMap<>();
        notifications.forEach(n -> byId.put(n.id(), n));
        List<NotificationStore.ClaimedDelivery> leased = new ArrayList<>();
        for (NotificationStore.NewDelivery d : added) {
            NotificationStore.NewNotification n = byId.get(d.notificationId());
            if (d.leaseUntil() != null && n != null) {
                leased.add(new NotificationStore.ClaimedDelivery(d.id(), n.id(), d.recipientId(), d.channel(), n.kind(),
                        n.title(), n.body(), n.data(), n.language(), n.timeZone(), n.secret(), Set.of(), 1, d.giveUpAt(),
                        n.createdAt()));
            }
        }
        return leased;
    }

    /** What a batch wrote: in-app notifications to push, deliveries to hand over with their recipients' contacts. */
    private record Written(List<Pushed> pushed, List<NotificationStore.ClaimedDelivery> leased,
                           Map<UUID, UserContacts.Contact> contacts) {
    }

    /** Booking notices speak to the booking's patient or doctor; others are for a role. */
    private static String audience(Planned p, UserContacts.Contact recipient) {
        String id = p.recipientId().toString();
        if (id.equals(p.data().get("patientId"))) {
            return "patient";
        }
        if (id.equals(p.data().get("doctorId"))) {
            return "doctor";
        }
        return recipient.roles().contains(org.medbook.identity.Role.DOCTOR) ? "doctor"
                : recipient.patient() ? "patient" : "staff";
    }

    private static boolean reachable(Channel channel, UserContacts.Contact recipient, Set<UUID> withDevices) {
        return switch (channel) {
            case IN_APP -> false;
            case EMAIL -> recipient.email() != null;
            case SMS -> recipient.phone() != null;
            case PUSH -> withDevices.contains(recipient.id());
        };
    }

    /** Quiet hours hold e-mail, SMS and push, except security notices and changes on the day of a visit. */
    private static Instant sendAt(Planned p, Preferences chosen, ZoneId zone, Instant now) {
        if (chosen.quietHours() == null || p.kind().category().locked()
                || (p.visitStart() != null && p.visitStart().isBefore(now.plus(VISIT_DAY)))) {
            return now;
        }
        return chosen.quietHours().endOfQuietAt(now, zone).orElse(now);
    }

    /**
     * Stable ids: the same event, recipient and channel always name the same row. They begin with the
     * time the event was stored, in milliseconds, as a version 7 UUID does (RFC 9562, here version 8:
     * the rest is a hash of the names, not random), so rows written together sit together in their
     * primary keys' indexes: each batch appends to the last pages instead of touching a page anywhere in
     * an index that grows with every booking.
     */
    static UUID idOf(Instant eventAt, UUID sourceId, UUID recipientId, Channel channel) {
        UUID named = UUID.nameUUIDFromBytes((sourceId + ":" + recipientId + ":" + (channel == null ? "" : channel.name()))
                .getBytes(StandardCharsets.UTF_8));
        long high = eventAt.toEpochMilli() << 16 | 0x8000L | named.getMostSignificantBits() & 0x0fffL;
        // the low half keeps the name-based UUID's variant bits (10) and its 62 bits of hash
        return new UUID(high, named.getLeastSignificantBits());
    }

    /** A new in-app notification and whom to push it to. */
    private record Pushed(UUID recipientId, NotificationView view) {
    }

    private static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
