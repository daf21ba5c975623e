package org.medbook.booking.application;

import java.time.Duration;

import org.medbook.booking.domain.Appointment;
import org.medbook.booking.domain.BookingLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param holdDuration          how long an unpaid online booking keeps its slot
 * @param maxUnpaidHolds        how many unpaid holds one patient may have at once
 * @param maxBookingsPerDoctor  how many active future bookings one patient may have with one doctor
 * @param maxActiveBookings     how many active future bookings one patient may have in all
 * @param freeCancellationGrace how long after booking a patient may still cancel for free or reschedule,
 *                              whatever the doctor's notice (never past the visit's start)
 */
@ConfigurationProperties("medbook.booking")
public record BookingProperties(@DefaultValue("PT10M") Duration holdDuration, @DefaultValue("3") int maxUnpaidHolds,
                                @DefaultValue("2") int maxBookingsPerDoctor, @DefaultValue("10") int maxActiveBookings,
                                @DefaultValue("PT30M") Duration freeCancellationGrace) {

    public BookingProperties {
        holdDuration = holdDuration == null ? Duration.ofMinutes(10) : holdDuration;
        maxUnpaidHolds = maxUnpaidHolds <= 0 ? 3 : maxUnpaidHolds;
        maxBookingsPerDoctor = maxBookingsPerDoctor <= 0 ? 2 : maxBookingsPerDoctor;
        maxActiveBookings = maxActiveBookings <= 0 ? 10 : maxActiveBookings;
        freeCancellationGrace = freeCancellationGrace == null || freeCancellationGrace.isNegative()
                ? Duration.ofMinutes(30) : freeCancellationGrace;
    }

    Appointment.PlatformTerms terms() {
        return new Appointment.PlatformTerms(holdDuration, freeCancellationGrace);
    }

    BookingLimits limits() {
        return new BookingLimits(maxUnpaidHolds, maxBookingsPerDoctor, maxActiveBookings);
    }
}
