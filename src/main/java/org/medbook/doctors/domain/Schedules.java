package org.medbook.doctors.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.medbook.doctors.ConsultationType;
import org.medbook.doctors.TimeRange;
import org.medbook.shared.Money;

public interface Schedules {

    Schedule find(UUID doctorId);

    void replace(UUID doctorId, Schedule schedule);

    record TimeOff(UUID id, TimeRange range, String reason) {
    }

    List<TimeOff> timeOff(UUID doctorId, Instant from, Instant to);

    /** What slot questions about one doctor need, read together: see {@link #slotFacts}. */
    record SlotFacts(String name, ZoneId zone, boolean bookable, Map<ConsultationType, Money> fees, Schedule schedule,
                     List<TimeRange> timeOff) {
    }

    /** The doctor's name, zone, status, fees, schedule and the time off overlapping from..to, in one read. */
    Optional<SlotFacts> slotFacts(UUID doctorId, Instant from, Instant to);

    /** {@link #slotFacts(UUID, Instant, Instant)} of several doctors in one read, by id (those that exist). */
    Map<UUID, SlotFacts> slotFacts(Collection<UUID> doctorIds, Instant from, Instant to);

    void addTimeOff(UUID doctorId, TimeOff timeOff);

    boolean removeTimeOff(UUID doctorId, UUID timeOffId);
}
