package org.medbook.doctors.application;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.medbook.doctors.ConsultationType;
import org.medbook.doctors.DoctorEvents;
import org.medbook.doctors.TimeRange;
import org.medbook.doctors.domain.DateOverride;
import org.medbook.doctors.domain.Doctor;
import org.medbook.doctors.domain.Doctors;
import org.medbook.doctors.domain.Location;
import org.medbook.doctors.domain.Schedule;
import org.medbook.doctors.domain.Schedules;
import org.medbook.doctors.domain.WeeklyRule;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** A doctor keeps their own schedule: weekly rules, date overrides, notice, horizon and time off. */
@Component
public class ScheduleHandler {

    public record TimeOffView(UUID id, Instant start, Instant end, String reason) {
    }

    private final Doctors doctors;
    private final Schedules schedules;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ScheduleHandler(Doctors doctors, Schedules schedules, ApplicationEventPublisher events, Clock clock) {
        this.doctors = doctors;
        this.schedules = schedules;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public ScheduleView get(UUID doctorId) {
        Doctor doctor = load(doctorId);
        return ScheduleView.of(doctor.zone().getId(), schedules.find(doctorId));
    }

    @Transactional
    public ScheduleView replace(UUID doctorId, ScheduleView document) {
        Doctor doctor = load(doctorId);
        Schedule schedule = document.toSchedule();
        Set<UUID> own = doctor.locations().stream().map(Location::id).collect(Collectors.toSet());
        for (UUID locationId : schedule.locationIds()) {
            if (!own.contains(locationId)) {
                throw new MedbookException(ProblemKind.RULE_BROKEN, "invalid-schedule",
                        "Location " + locationId + " is not one of your practice locations");
            }
        }
        Set<ConsultationType> used = Stream.concat(schedule.weeklyRules().stream().map(WeeklyRule::type),
                schedule.overrides().stream().map(DateOverride::type).filter(Objects::nonNull)).collect(Collectors.toSet());
        if (!doctor.consultationTypes().containsAll(used)) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "invalid-schedule",
                    "Your hours include a consultation type you do not offer");
        }
        schedules.replace(doctorId, schedule);
        scheduleChanged(doctorId);
        return ScheduleView.of(doctor.zone().getId(), schedule);
    }

    @Transactional(readOnly = true)
    public List<TimeOffView> timeOff(UUID doctorId) {
        load(doctorId);
        Instant now = clock.instant();
        return schedules.timeOff(doctorId, now, Instant.MAX.minusSeconds(1)).stream()
                .map(t -> new TimeOffView(t.id(), t.range().start(), t.range().end(), t.reason())).toList();
    }

    @Transactional
    public TimeOffView addTimeOff(UUID doctorId, Instant start, Instant end, String reason) {
        load(doctorId);
        if (start == null || end == null || !end.isAfter(start)) {
            throw new MedbookException(ProblemKind.BAD_INPUT, "validation-failed", "Time off ends after it starts");
        }
        Schedules.TimeOff timeOff = new Schedules.TimeOff(UUID.randomUUID(), new TimeRange(start, end), reason);
        schedules.addTimeOff(doctorId, timeOff);
        scheduleChanged(doctorId);
        return new TimeOffView(timeOff.id(), start, end, reason);
    }

    @Transactional
    public void removeTimeOff(UUID doctorId, UUID timeOffId) {
        if (!schedules.removeTimeOff(doctorId, timeOffId)) {
            throw MedbookException.notFound("Time off");
        }
        scheduleChanged(doctorId);
    }

    private void scheduleChanged(UUID doctorId) {
        events.publishEvent(new DoctorEvents.DoctorScheduleChanged(UUID.randomUUID(), clock.instant(), doctorId));
    }

    private Doctor load(UUID doctorId) {
        return doctors.findById(doctorId).orElseThrow(() -> MedbookException.notFound("Doctor profile"));
    }
}
