package org.medbook.doctors.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.medbook.doctors.TimeRange;

public interface Schedules {

    Schedule find(UUID doctorId);

    void replace(UUID doctorId, Schedule schedule);

    record TimeOff(UUID id, TimeRange range, String reason) {
    }

    List<TimeOff> timeOff(UUID doctorId, Instant from, Instant to);

    void addTimeOff(UUID doctorId, TimeOff timeOff);

    boolean removeTimeOff(UUID doctorId, UUID timeOffId);
}
