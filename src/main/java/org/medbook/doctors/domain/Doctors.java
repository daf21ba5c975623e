package org.medbook.doctors.domain;

import java.util.Optional;
import java.util.UUID;

public interface Doctors {

    Optional<Doctor> findById(UUID id);

    void add(Doctor doctor);

    /** Saves changes, refusing a stale version with {@code stale-version} (409). */
    void update(Doctor doctor);
}
