package org.medbook.doctors.application;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;

import org.medbook.doctors.ConsultationType;
import org.medbook.doctors.domain.DateOverride;
import org.medbook.doctors.domain.Schedule;
import org.medbook.doctors.domain.WeeklyRule;

/** The availability document, in and out: times are wall-clock in the doctor's zone. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduleView(@Size(max = 64) String timeZone, List<Rule> weeklyRules, List<Override> overrides,
                           Integer minimumNoticeMinutes, Integer horizonDays) {

    public record Rule(DayOfWeek dayOfWeek, @JsonFormat(pattern = "HH:mm") LocalTime start,
                       @JsonFormat(pattern = "HH:mm") LocalTime end, int slotMinutes, int bufferMinutes,
                       ConsultationType type, UUID locationId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Override(LocalDate date, @JsonFormat(pattern = "HH:mm") LocalTime start,
                           @JsonFormat(pattern = "HH:mm") LocalTime end, Integer slotMinutes, Integer bufferMinutes,
                           ConsultationType type, UUID locationId) {
    }

    static ScheduleView of(String zone, Schedule schedule) {
        return new ScheduleView(zone,
                schedule.weeklyRules().stream().map(r -> new Rule(r.day(), r.start(), r.end(), r.slotMinutes(),
                        r.bufferMinutes(), r.type(), r.locationId())).toList(),
                schedule.overrides().stream().map(o -> new Override(o.date(), o.start(), o.end(), o.slotMinutes(),
                        o.bufferMinutes(), o.type(), o.locationId())).toList(),
                schedule.minimumNoticeMinutes(), schedule.horizonDays());
    }

    Schedule toSchedule() {
        return new Schedule(
                weeklyRules == null ? List.of() : weeklyRules.stream().map(r -> new WeeklyRule(r.dayOfWeek(), r.start(),
                        r.end(), r.slotMinutes(), r.bufferMinutes(), r.type(), r.locationId())).toList(),
                overrides == null ? List.of() : overrides.stream().map(o -> new DateOverride(o.date(), o.start(), o.end(),
                        o.slotMinutes(), o.bufferMinutes(), o.type(), o.locationId())).toList(),
                minimumNoticeMinutes == null ? 120 : minimumNoticeMinutes, horizonDays == null ? 60 : horizonDays);
    }
}
