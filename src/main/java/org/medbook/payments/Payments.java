package org.medbook.payments;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.medbook.shared.Money;

/** The payments module's public API for the booking module. */
public interface Payments {

    /** The methods this server offers, from its configuration (cash is always possible unless turned off). */
    List<PaymentMethod> availableMethods();

    record StartPayment(UUID bookingId, UUID patientId, UUID doctorId, PaymentMethod method, Money amount,
                        String description) {
    }

    /**
     * Starts the payment of a booking: a Stripe PaymentIntent (client secret), a PayPal order
     * (approval link) or cash due at the visit. Safe to repeat for the same booking.
     *
     * @throws org.medbook.shared.MedbookException {@code payment-method-unavailable} (422),
     *         {@code payment-provider-unavailable} (503)
     */
    PaymentView start(StartPayment request);

    Optional<PaymentView> forBooking(UUID bookingId);

    /** The payments of a page of bookings, by booking id, read in one statement. */
    Map<UUID, PaymentView> forBookings(Collection<UUID> bookingIds);

    /** Cash collected at the visit, or waived. */
    PaymentView settleCash(UUID bookingId, boolean waived, UUID actorId);
}
