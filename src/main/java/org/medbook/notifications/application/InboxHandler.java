package org.medbook.notifications.application;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.medbook.audit.DataKind;
import org.medbook.audit.PatientDataAccess;
import org.medbook.identity.UserContacts;
import org.medbook.notifications.NotificationEvents;
import org.medbook.shared.Caller;
import org.medbook.shared.MedbookException;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.medbook.shared.ProblemKind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The inbox of the caller, and the back office's list of deliveries with the retry of failed ones. */
@Component
public class InboxHandler {

    private final Inbox inbox;
    private final Nudges nudges;
    private final NotificationsProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final UserContacts contacts;
    private final PatientDataAccess access;

    InboxHandler(Inbox inbox, Nudges nudges, NotificationsProperties properties, ApplicationEventPublisher events,
            Clock clock, UserContacts contacts, PatientDataAccess access) {
        this.contacts = contacts;
        this.access = access;
        this.inbox = inbox;
        this.nudges = nudges;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
    }

    public PageView<NotificationView> list(UUID userId, boolean unreadOnly, PageRequest page) {
        return inbox.list(userId, unreadOnly, page);
    }

    public long unreadCount(UUID userId) {
        return inbox.unreadCount(userId);
    }

    @Transactional
    public void markRead(UUID userId, UUID notificationId) {
        if (!inbox.markRead(userId, notificationId, clock.instant())) {
            throw MedbookException.notFound("Notification");
        }
    }

    @Transactional
    public int markAllRead(UUID userId) {
        return inbox.markAllRead(userId, clock.instant());
    }

    /** The back office's list; the patients among the recipients are recorded as read. */
    public PageView<Inbox.DeliveryView> deliveries(String status, UUID recipientId, PageRequest page, Caller reader) {
        if (status != null && !Inbox.DELIVERY_STATUSES.contains(status)) {
            throw MedbookException.badInput("invalid-parameter",
                    "status must be one of " + String.join(", ", Inbox.DELIVERY_STATUSES));
        }
        PageView<Inbox.DeliveryView> deliveries = inbox.deliveries(status, recipientId, page);
        List<UUID> recipients = deliveries.items().stream().map(Inbox.DeliveryView::recipientId).distinct().toList();
        access.record(reader, DataKind.NOTIFICATION, contacts.find(recipients).values().stream()
                .filter(UserContacts.Contact::patient).map(UserContacts.Contact::id).toList());
        return deliveries;
    }

    @Transactional
    public Inbox.DeliveryView retry(UUID deliveryId, Caller staff) {
        Inbox.DeliveryView delivery = inbox.delivery(deliveryId).orElseThrow(() -> MedbookException.notFound("Delivery"));
        var now = clock.instant();
        if (!inbox.retry(deliveryId, now, now.plus(properties.giveUpAfter()))) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "not-failed",
                    "Only a FAILED delivery can be retried; this one is " + delivery.status());
        }
        events.publishEvent(new NotificationEvents.DeliveryRetried(UUID.randomUUID(), now, staff.userId(), deliveryId,
                delivery.channel(), staff.clientIp()));
        org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                new org.springframework.transaction.support.TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        nudges.deliveries();
                    }
                });
        return inbox.delivery(deliveryId).orElseThrow();
    }
}
