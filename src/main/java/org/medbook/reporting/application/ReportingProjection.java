package org.medbook.reporting.application;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;

import org.medbook.booking.Bookings;
import org.medbook.doctors.DoctorCatalog;
import org.medbook.doctors.DoctorEvents;
import org.medbook.doctors.DoctorSnapshot;
import org.medbook.identity.IdentityEvents;
import org.medbook.payments.PaymentEvents;
import org.medbook.payments.PaymentView;
import org.medbook.payments.Payments;
import org.medbook.reviews.ReviewEvents;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Feeds the reporting read model from payments, reviews, doctors and identity, one event at a time after
 * commit (booking changes, the frequent ones, are read from the booking change feed and written in
 * batches by {@link ReportingDrain}); money rows are keyed by the payment event's id.
 * With {@code medbook.reporting.enabled=false} there is no projection at all, so no event publication is
 * recorded for it either: what a booking costs without reporting.
 */
@Component
@ConditionalOnProperty(name = "medbook.reporting.enabled", havingValue = "true", matchIfMissing = true)
class ReportingProjection {

    private final ReportStore store;
    private final Bookings bookings;
    private final Payments payments;
    private final DoctorCatalog doctors;
    private final Clock clock;

    ReportingProjection(ReportStore store, Bookings bookings, Payments payments, DoctorCatalog doctors, Clock clock) {
        this.store = store;
        this.bookings = bookings;
        this.payments = payments;
        this.doctors = doctors;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(PaymentEvents.PaymentSucceeded event) {
        money(event.eventId(), event.bookingId(), "CAPTURE", event.amountMinor(), event.currency(), event.occurredAt());
    }

    @ApplicationModuleListener
    void on(PaymentEvents.PaymentRefunded event) {
        money(event.eventId(), event.bookingId(), "REFUND", event.amountMinor(), event.currency(), event.occurredAt());
    }

    @ApplicationModuleListener
    void on(PaymentEvents.CashSettled event) {
        if (event.waived()) {
            store.cashWaived(event.bookingId(), event.occurredAt());
        } else {
            money(event.eventId(), event.bookingId(), "CASH_PAID", event.amountMinor(), event.currency(),
                    event.occurredAt());
        }
    }

    private void money(java.util.UUID eventId, java.util.UUID bookingId, String kind, long amount, String currency,
            java.time.Instant at) {
        bookings.find(bookingId).ifPresent(b -> {
            String method = payments.forBooking(bookingId).map(PaymentView::method).map(Enum::name)
                    .orElse(b.paymentMethod());
            store.addMoney(eventId, bookingId, b.doctorId(), kind, method, b.type(), amount, currency, at);
        });
    }

    @ApplicationModuleListener
    void on(ReviewEvents.ReviewPosted event) {
        store.putReview(event.reviewId(), event.doctorId(), event.rating(), event.occurredAt());
    }

    @ApplicationModuleListener
    void on(ReviewEvents.ReviewEdited event) {
        store.rateReview(event.reviewId(), event.rating());
    }

    @ApplicationModuleListener
    void on(ReviewEvents.ReviewModerated event) {
        store.hideReview(event.reviewId(), event.hidden());
    }

    @ApplicationModuleListener
    void on(DoctorEvents.DoctorEvent event) {
        doctors.find(event.doctorId()).ifPresent(this::putDoctor);
    }

    private void putDoctor(DoctorSnapshot doctor) {
        Set<String> cities = new LinkedHashSet<>();
        doctor.locations().forEach(location -> {
            String city = CityOf.address(location.address());
            if (city != null) {
                cities.add(city);
            }
        });
        store.putDoctor(doctor.id(), doctor.specialties(), cities, doctor.bookable(), clock.instant());
    }

    @ApplicationModuleListener
    void on(IdentityEvents.PatientRegistered event) {
        store.addPatient(event.userId(), event.occurredAt());
    }
}
