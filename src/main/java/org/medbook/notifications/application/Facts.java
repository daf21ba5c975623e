package org.medbook.notifications.application;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.medbook.booking.Bookings;
import org.medbook.doctors.DoctorSnapshot;
import org.medbook.visits.VisitLinks;

/** Bookings and doctors read once per batch of events, whatever number of events name them. */
final class Facts {

    private final Bookings bookings;
    private final RecentDoctors doctors;
    private final VisitLinks visits;
    private final Map<UUID, Optional<Bookings.BookingSnapshot>> bookingCache = new HashMap<>();
    private final Map<UUID, Optional<DoctorSnapshot>> doctorCache = new HashMap<>();

    Facts(Bookings bookings, RecentDoctors doctors, VisitLinks visits) {
        this.bookings = bookings;
        this.doctors = doctors;
        this.visits = visits;
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

    /** What every booking notice shows: who, when, what kind of visit, where (or the join link of a video visit), for how much. */
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
        if ("VIDEO".equals(b.type())) {
            data.put("joinUrl", visits.joinUrl(b.id()));
        }
        data.put("paymentMethod", b.paymentMethod());
        data.put("amountMinor", b.amountMinor());
        data.put("currency", b.currency());
        data.put("sequence", b.sequence());
        return data;
    }
}
