package org.medbook.payments.domain;

import java.util.Optional;
import java.util.UUID;

import org.medbook.payments.PaymentMethod;

public interface PaymentRecords {

    Optional<Payment> byBooking(UUID bookingId);

    /** Locks the row for the caller's transaction. */
    Optional<Payment> lockByBooking(UUID bookingId);

    Optional<Payment> lockByProviderRef(PaymentMethod method, String providerRef);

    Optional<Payment> lockById(UUID id);

    Optional<Payment> lockByCapture(PaymentMethod method, String captureRef);

    /** Inserts, or returns the existing payment of the booking. */
    Payment addOrGet(Payment payment);

    /**
     * Inserts a new booking's payment with its first ledger entry (of the payment's whole amount) in
     * one statement; a second payment for the same booking is refused by the database.
     */
    void addWithEntry(Payment payment, String entry);

    void update(Payment payment);

    /** Appends to the ledger. */
    void record(Payment payment, String entry, long amountMinor, String providerRef, String note);

    /** Whether the payment's ledger holds such an entry with that provider reference. */
    boolean hasEntry(Payment payment, String entry, String providerRef);

    /** True the first time an event id is seen (within the caller's transaction). */
    boolean firstDelivery(String provider, String eventId, String eventType);
}
