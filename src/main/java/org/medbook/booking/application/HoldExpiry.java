package org.medbook.booking.application;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.medbook.booking.BookingEvents;
import org.medbook.booking.domain.Appointment;
import org.medbook.booking.domain.Appointments;
import org.medbook.payments.PaymentEvents;
import org.medbook.shared.EventIds;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Releases holds whose time ran out. Cluster-safe: each node locks a batch with SKIP LOCKED, so
 * two nodes never expire the same hold. The unpaid payment is cancelled through the outbox; if the
 * money still arrives later, it is refunded (see PaymentReactions).
 */
@Component
public class HoldExpiry {

    private final Appointments appointments;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    HoldExpiry(Appointments appointments, ApplicationEventPublisher events, Clock clock) {
        this.appointments = appointments;
        this.events = events;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${medbook.booking.expiry-every:PT30S}", initialDelayString = "PT30S")
    @Transactional
    public int expireHolds() {
        Instant now = clock.instant();
        int expired = 0;
        for (Appointment a : appointments.lockExpiredHolds(now, 200)) {
            if (a.expire(now)) {
                appointments.update(a);
                appointments.recordChange(a.id(), now, null, "EXPIRED", a.start(), null, null);
                events.publishEvent(new PaymentEvents.RefundRequested(EventIds.next(now), now, a.id(), 0, "hold expired", null));
                events.publishEvent(new BookingEvents.AppointmentExpired(EventIds.next(now), now, a.id(), a.doctorId(),
                        a.patientId()));
                expired++;
            }
        }
        return expired;
    }
}
