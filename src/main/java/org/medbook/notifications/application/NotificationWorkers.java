package org.medbook.notifications.application;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The module's background work on every node: fan-out, sending and reminders run as loops that
 * drain what is due and then wait for a nudge or a poll (old notifications are purged by
 * {@link NotificationRetention}).
 * Every claim is FOR UPDATE SKIP LOCKED, so any number of nodes share the work without doing any of
 * it twice. A node started with {@code medbook.notifications.workers=false} runs none of these loops
 * and leaves the work to the nodes that do, so its cores go to requests.
 */
@Component
class NotificationWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NotificationWorkers.class);

    private final NotificationStore store;
    private final NotificationIntake intake;
    private final NotificationsProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Pump fanOut;
    private final Pump deliveries;
    private final Pump reminders;
    private volatile boolean running;

    NotificationWorkers(FanOut fanOut, Deliveries deliveries, NotificationStore store, NotificationIntake intake,
            Nudges nudges, NotificationsProperties properties, PlatformTransactionManager transactions, Clock clock) {
        this.store = store;
        this.intake = intake;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.fanOut = new Pump("notifications-fan-out", fanOut::runOnce, properties.pollEvery(), properties.batchSize(),
                properties.linger());
        this.deliveries = new Pump("notifications-send", deliveries::runOnce, properties.pollEvery(),
                properties.batchSize(), properties.linger());
        this.reminders = new Pump("notifications-reminders", this::fireDueReminders, properties.pollEvery(),
                properties.batchSize(), properties.linger());
        nudges.wire(this.fanOut::nudge, this.deliveries::nudge);
    }

    /** Reminders whose time came become events, in the transaction that removes them: each fires once. */
    int fireDueReminders() {
        Integer fired = transaction.execute(status -> {
            List<NotificationStore.DueReminder> due = store.takeDueReminders(clock.instant(), properties.batchSize());
            due.forEach(r -> intake.keep(ReminderDue.of(r.bookingId(), r.before(), r.start())));
            return due.size();
        });
        if (fired != null && fired > 0) {
            fanOut.nudge();
        }
        return fired == null ? 0 : fired;
    }

    @Override
    public void start() {
        running = true;
        if (!properties.workers()) {
            log.info("Notification workers are off on this node (MEDBOOK_NOTIFICATIONS_WORKERS=false): another node"
                    + " with them on fans out, sends and reminds");
            return;
        }
        fanOut.start();
        deliveries.start();
        reminders.start();
    }

    @Override
    public void stop() {
        running = false;
        reminders.stop();
        fanOut.stop();
        deliveries.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
