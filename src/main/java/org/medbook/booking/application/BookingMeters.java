package org.medbook.booking.application;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.medbook.booking.BookingEvents;
import org.medbook.shared.metrics.AfterCommit;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Counts bookings by outcome ({@code medbook.bookings}), each once its transaction has committed.
 * Most outcomes are read off the events a change publishes (a plain listener in the publishing
 * transaction, so no outbox row); a new booking is counted where it is made.
 */
@Component
class BookingMeters {

    static final List<String> OUTCOMES = List.of("booked", "held", "awaiting_approval", "confirmed", "cancelled",
            "declined", "rescheduled", "expired", "completed", "no_show", "late_payment_refunded");

    private final Map<String, Counter> counters;

    BookingMeters(MeterRegistry registry) {
        this.counters = OUTCOMES.stream().collect(Collectors.toUnmodifiableMap(Function.identity(),
                outcome -> Counter.builder("medbook.bookings").description("Bookings by outcome, counted after commit")
                        .tag("outcome", outcome).register(registry)));
    }

    void booked() {
        count("booked");
    }

    void cancelled() {
        count("cancelled");
    }

    @EventListener
    void on(BookingEvents.BookingEvent event) {
        String outcome = switch (event) {
            case BookingEvents.AppointmentHeld held -> "held";
            case BookingEvents.AppointmentAwaitingApproval awaiting -> "awaiting_approval";
            case BookingEvents.AppointmentConfirmed confirmed -> "confirmed";
            case BookingEvents.AppointmentCancelled cancelled -> "cancelled";
            case BookingEvents.AppointmentDeclined declined -> "declined";
            case BookingEvents.AppointmentRescheduled rescheduled -> "rescheduled";
            case BookingEvents.AppointmentExpired expired -> "expired";
            case BookingEvents.AppointmentAttended attended -> attended.showedUp() ? "completed" : "no_show";
            case BookingEvents.LatePaymentRefunded late -> "late_payment_refunded";
            default -> null;
        };
        if (outcome != null) {
            count(outcome);
        }
    }

    private void count(String outcome) {
        AfterCommit.increment(counters.get(outcome));
    }
}
