package org.medbook.notifications.application;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.medbook.doctors.DoctorCatalog;
import org.medbook.doctors.DoctorSnapshot;
import org.springframework.stereotype.Component;

/**
 * Doctors as notifications show them (name, zone, practice addresses), read at most once a minute
 * per doctor on this node: a busy doctor's bookings would otherwise read the same profile, its
 * specialties, fees and locations again for every notice. A renamed doctor shows the new name within
 * a minute.
 */
@Component
class RecentDoctors {

    static final Duration FRESH_FOR = Duration.ofMinutes(1);
    private static final int MAX_ENTRIES = 20_000;

    private record Entry(Optional<DoctorSnapshot> doctor, long readAt) {
    }

    private final DoctorCatalog doctors;
    private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();

    RecentDoctors(DoctorCatalog doctors) {
        this.doctors = doctors;
    }

    Optional<DoctorSnapshot> find(UUID doctorId) {
        long now = System.nanoTime();
        Entry entry = entries.get(doctorId);
        if (entry != null && now - entry.readAt() < FRESH_FOR.toNanos()) {
            return entry.doctor();
        }
        Optional<DoctorSnapshot> doctor = doctors.find(doctorId);
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(doctorId, new Entry(doctor, now));
        return doctor;
    }
}
