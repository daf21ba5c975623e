package org.medbook.notifications.application;

import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.medbook.booking.Bookings;
import org.medbook.doctors.DoctorCards;
import org.medbook.visits.VisitLinks;

/**
 * Bookings and doctors read once per batch of events, whatever number of events name them: those the
 * batch is known to need are read up front, a statement for all bookings and one for their doctors
 * ({@link #prefetch}); anything else is read when first asked for.
 */
final class Facts {

    private final Bookings bookings;
    private final RecentDoctors doctors;
    private final VisitLinks visits;
    private final Map<UUID, Optional<Bookings.BookingSnapshot>> bookingCache = new HashMap<>();
    private final Map<UUID, Optional<DoctorCards.Card>> doctorCache = new HashMap<>();

    Facts(Bookings bookings, RecentDoctors doctors, VisitLinks visits) {
        this.bookings = bookings;
        this.doctors = doctors;
        this.visits = visits;
    }

    /** Reads the bookings not read yet, and the doctors of every booking read, together. */
    void prefetch(Collection<UUID> bookingIds) {
        List<UUID> unread = bookingIds.stream().filter(id -> !bookingCache.containsKey(id)).distinct().toList();
        if (!unread.isEmpty()) {
            bookings.findAll(unread).forEach(b -> bookingCache.put(b.id(), Optional.of(b)));
            unread.forEach(id -> bookingCache.putIfAbsent(id, Optional.empty()));
        }
        Set<UUID> doctorIds = new HashSet<>();
        bookingCache.values().forEach(b -> b.ifPresent(found -> doctorIds.add(found.doctorId())));
        doctorIds.removeAll(doctorCache.keySet());
        if (!doctorIds.isEmpty()) {
            doctorCache.putAll(doctors.findAll(doctorIds));
        }
    }

    Optional<Bookings.BookingSnapshot> booking(UUID id) {
        return bookingCache.computeIfAbsent(id, bookings::find);
    }

    Optional<DoctorCards.Card> doctor(UUID id) {
        return doctorCache.computeIfAbsent(id, doctors::find);
    }

    ZoneId doctorZone(UUID doctorId) {
        return doctor(doctorId).map(DoctorCards.Card::zone).orElse(null);
    }

    /** What every booking notice shows: who, when, what kind of visit, where (or the join link of a video visit), for how much. */
    Map<String, Object> aboutBooking(Bookings.BookingSnapshot b) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("bookingId", b.id().toString());
        data.put("doctorId", b.doctorId().toString());
        data.put("patientId", b.patientId().toString());
        doctor(b.doctorId()).ifPresent(d -> {
            data.put("doctorName", d.name());
            if (b.locationId() != null && d.practices().get(b.locationId()) != null) {
                data.put("address", d.practices().get(b.locationId()).address());
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
