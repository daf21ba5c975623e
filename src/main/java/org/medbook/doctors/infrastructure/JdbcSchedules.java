package org.medbook.doctors.infrastructure;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.medbook.doctors.ConsultationType;
import org.medbook.doctors.TimeRange;
import org.medbook.doctors.domain.DateOverride;
import org.medbook.doctors.domain.Schedule;
import org.medbook.doctors.domain.Schedules;
import org.medbook.doctors.domain.WeeklyRule;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcSchedules implements Schedules {

    private final JdbcClient jdbc;

    JdbcSchedules(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Schedule find(UUID doctorId) {
        List<WeeklyRule> rules = jdbc.sql("""
                SELECT day_of_week, start_time, end_time, slot_minutes, buffer_minutes, type, location_id
                FROM availability_rules WHERE doctor_id = :id ORDER BY day_of_week, start_time
                """).param("id", doctorId).query((rs, n) -> new WeeklyRule(DayOfWeek.of(rs.getInt("day_of_week")),
                        rs.getObject("start_time", LocalTime.class), rs.getObject("end_time", LocalTime.class),
                        rs.getInt("slot_minutes"), rs.getInt("buffer_minutes"), ConsultationType.valueOf(rs.getString("type")),
                        rs.getObject("location_id", UUID.class))).list();
        List<DateOverride> overrides = jdbc.sql("""
                SELECT on_date, start_time, end_time, slot_minutes, buffer_minutes, type, location_id
                FROM availability_overrides WHERE doctor_id = :id ORDER BY on_date, start_time
                """).param("id", doctorId).query((rs, n) -> new DateOverride(rs.getObject("on_date", java.time.LocalDate.class),
                        rs.getObject("start_time", LocalTime.class), rs.getObject("end_time", LocalTime.class),
                        (Integer) rs.getObject("slot_minutes"), (Integer) rs.getObject("buffer_minutes"),
                        rs.getString("type") == null ? null : ConsultationType.valueOf(rs.getString("type")),
                        rs.getObject("location_id", UUID.class))).list();
        record Limits(int notice, int horizon) { }
        Limits limits = jdbc.sql("SELECT minimum_notice_minutes, horizon_days FROM doctors WHERE id = :id")
                .param("id", doctorId).query((rs, n) -> new Limits(rs.getInt(1), rs.getInt(2))).optional()
                .orElse(new Limits(120, 60));
        return new Schedule(rules, overrides, limits.notice(), limits.horizon());
    }

    @Override
    public void replace(UUID doctorId, Schedule schedule) {
        jdbc.sql("DELETE FROM availability_rules WHERE doctor_id = :id").param("id", doctorId).update();
        jdbc.sql("DELETE FROM availability_overrides WHERE doctor_id = :id").param("id", doctorId).update();
        for (WeeklyRule rule : schedule.weeklyRules()) {
            jdbc.sql("""
                    INSERT INTO availability_rules (id, doctor_id, day_of_week, start_time, end_time, slot_minutes,
                                                    buffer_minutes, type, location_id)
                    VALUES (:id, :doctor, :day, :start, :end, :slot, :buffer, :type, :location)
                    """)
                    .param("id", UUID.randomUUID()).param("doctor", doctorId).param("day", rule.day().getValue())
                    .param("start", rule.start()).param("end", rule.end()).param("slot", rule.slotMinutes())
                    .param("buffer", rule.bufferMinutes()).param("type", rule.type().name())
                    .param("location", rule.locationId())
                    .update();
        }
        for (DateOverride entry : schedule.overrides()) {
            jdbc.sql("""
                    INSERT INTO availability_overrides (id, doctor_id, on_date, start_time, end_time, slot_minutes,
                                                        buffer_minutes, type, location_id)
                    VALUES (:id, :doctor, :date, :start, :end, :slot, :buffer, :type, :location)
                    """)
                    .param("id", UUID.randomUUID()).param("doctor", doctorId).param("date", entry.date())
                    .param("start", entry.start()).param("end", entry.end()).param("slot", entry.slotMinutes())
                    .param("buffer", entry.bufferMinutes())
                    .param("type", entry.type() == null ? null : entry.type().name())
                    .param("location", entry.locationId())
                    .update();
        }
        jdbc.sql("UPDATE doctors SET minimum_notice_minutes = :notice, horizon_days = :horizon WHERE id = :id")
                .param("notice", schedule.minimumNoticeMinutes()).param("horizon", schedule.horizonDays())
                .param("id", doctorId).update();
    }

    @Override
    public List<TimeOff> timeOff(UUID doctorId, Instant from, Instant to) {
        return jdbc.sql("""
                SELECT id, starts_at, ends_at, reason FROM time_off
                WHERE doctor_id = :id AND ends_at > :from AND starts_at < :to ORDER BY starts_at
                """)
                .param("id", doctorId).param("from", utc(from)).param("to", utc(to))
                .query((rs, n) -> new TimeOff(rs.getObject("id", UUID.class),
                        new TimeRange(rs.getObject("starts_at", OffsetDateTime.class).toInstant(),
                                rs.getObject("ends_at", OffsetDateTime.class).toInstant()),
                        rs.getString("reason")))
                .list();
    }

    @Override
    public void addTimeOff(UUID doctorId, TimeOff timeOff) {
        jdbc.sql("INSERT INTO time_off (id, doctor_id, starts_at, ends_at, reason) VALUES (:id, :doctor, :start, :end, :reason)")
                .param("id", timeOff.id()).param("doctor", doctorId).param("start", utc(timeOff.range().start()))
                .param("end", utc(timeOff.range().end())).param("reason", timeOff.reason())
                .update();
    }

    @Override
    public boolean removeTimeOff(UUID doctorId, UUID timeOffId) {
        return jdbc.sql("DELETE FROM time_off WHERE id = :id AND doctor_id = :doctor")
                .param("id", timeOffId).param("doctor", doctorId).update() > 0;
    }

    private static OffsetDateTime utc(Instant instant) {
        // PostgreSQL's timestamptz covers less than Instant; clamp the open ends of a query.
        Instant min = Instant.parse("1970-01-01T00:00:00Z");
        Instant max = Instant.parse("9999-12-31T00:00:00Z");
        Instant clamped = instant.isBefore(min) ? min : instant.isAfter(max) ? max : instant;
        return clamped.atOffset(ZoneOffset.UTC);
    }
}
