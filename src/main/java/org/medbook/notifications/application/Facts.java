package org.medbook.notifications.application;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.medbook.booking.Bookings;
import org.medbook.doctors.DoctorSnapshot;

/** Bookings and doctors read once per batch of events, whatever number of events name them. */
final class Facts {

    private final Bookings bookings;
    private final RecentDoctors doctors;
    private final Map<UUID, Optional<Bookings.BookingSnapshot>> bookingCache = new HashMap<>();
    private final Map<UUID, Optional<DoctorSnapshot>> doctorCache = new HashMap<>();

    Facts(Bookings bookings, RecentDoctors doctors) {
        this.bookings = bookings;
        this.doctors = doctors;
    }

    Optional<Bookings.BookingSnapshot> booking(UUID id) {
        return bookingCache.computeIfAbsent(id, bookings::find);
    }

    Optional<DoctorSnapshot> doctor(UUID id) {
        return doctorCache.computeIfAbsent(id, doctors::find);
    }

    ZoneId doctorZone(UUID doctorId) {
        return doctor(doctorId).map(DoctorSnapshot::zone).orElse(null);
    }

    /** What every booking notice shows: who, when, what kind of visit, where, for how much. */
    Map<String, Object> aboutBooking(Bookings.BookingSnapshot b) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("bookingId", b.id().toString());
        data.put("doctorId", b.doctorId().toString());
        data.put("patientId", b.patientId().toString());
        doctor(b.doctorId()).ifPresent(d -> {
            data.put("doctorName", d.name());
            if (b.locationId() != null) {
                d.locations().stream().filter(l -> l.id().equals(b.locationId())).findFirst()
                        .ifPresent(l -> data.put("address", l.address()));
            }
        });
        data.put("start", b.start().toString());
        data.put("end", b.end().toString());
        data.put("type", b.type());
        data.put("paymentMethod", b.paymentMethod());
        data.put("amountMinor", b.amountMinor());
        data.put("currency", b.currency());
        data.put("sequence", b.sequence());
        return data;
    }
}
