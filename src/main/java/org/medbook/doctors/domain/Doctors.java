package org.medbook.doctors.domain;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

public interface Doctors {

    Optional<Doctor> findById(UUID id);

    /** The doctors of those ids that exist, by id: three statements whatever their number. */
    Map<UUID, Doctor> findAll(Collection<UUID> ids);

    void add(Doctor doctor);

    /** Saves changes, refusing a stale version with {@code stale-version} (409). */
    void update(Doctor doctor);
}
