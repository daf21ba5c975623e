package org.medbook.visits.application;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

import org.medbook.booking.Bookings.BookingSnapshot;
import org.medbook.visits.domain.Visit;
import org.medbook.visits.domain.VisitChange;
import org.medbook.visits.domain.Visits;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one way a visit changes: lock it, let it decide, save it and publish the events in one
 * transaction, then tell both people (after commit, so nobody hears of a change that was undone).
 */
@Component
class VisitChanges {

    /** What a change decided, and the events (for the outbox) it implies. */
    record Decision(List<VisitChange> changes, List<Object> events) {
        static Decision of(List<VisitChange> changes) {
            return new Decision(changes, List.of());
        }
    }

    private final Visits visits;
    private final VisitBookings bookings;
    private final VisitPushes pushes;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    VisitChanges(Visits visits, VisitBookings bookings, VisitPushes pushes, ApplicationEventPublisher events,
            TransactionTemplate transactions, Clock clock) {
        this.visits = visits;
        this.bookings = bookings;
        this.pushes = pushes;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    void change(UUID bookingId, UUID caller, BiFunction<Visit, Instant, Decision> decide) {
        record Done(Visit visit, String state, List<VisitChange> changes) {
        }
        Done done = transactions.execute(tx -> {
            BookingSnapshot booking = bookings.joinable(bookingId, caller);
            Visit visit = visits.lockOrStart(bookingId, booking.doctorId(), booking.patientId(), bookings.window(booking));
            Instant now = clock.instant();
            Decision decision = decide.apply(visit, now);
            visits.save(visit);
            decision.events().forEach(events::publishEvent);
            return new Done(visit, visit.state(now).name(), decision.changes());
        });
        pushes.announce(done.visit(), done.state(), done.changes());
    }

    /** A change to a visit that may no longer be joinable (leaving, a closed socket): no booking checks. */
    void changeExisting(UUID bookingId, BiFunction<Visit, Instant, List<VisitChange>> decide) {
        record Done(Visit visit, String state, List<VisitChange> changes) {
        }
        Done done = transactions.execute(tx -> {
            var booking = bookings.any(bookingId);
            if (booking == null) {
                return null;
            }
            return visits.lock(bookingId, bookings.window(booking)).map(visit -> {
                Instant now = clock.instant();
                List<VisitChange> changes = decide.apply(visit, now);
                visits.save(visit);
                return new Done(visit, visit.state(now).name(), changes);
            }).orElse(null);
        });
        if (done != null) {
            pushes.announce(done.visit(), done.state(), done.changes());
        }
    }
}
