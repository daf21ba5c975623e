package org.medbook.doctors.infrastructure;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.medbook.doctors.ConsultationType;
import org.medbook.doctors.TimeRange;
import org.medbook.doctors.domain.DateOverride;
import org.medbook.doctors.domain.Schedule;
import org.medbook.doctors.domain.Schedules;
import org.medbook.doctors.domain.WeeklyRule;
import org.medbook.shared.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@Repository
class JdbcSchedules implements Schedules {

    private static final TypeReference<Map<ConsultationType, Money>> FEES = new TypeReference<>() { };

    // PostgreSQL's timestamptz covers less than Instant: the open ends of a query are clamped to these
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

    /** The whole stored text a schedule is made from: the rules and overrides as JSON, notice and horizon. */
    private record ScheduleText(String rules, String overrides, int minimumNoticeMinutes, int horizonDays) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    /**
     * Schedules parsed from their stored text, kept by that text: a doctor's bookings read the same rules
     * again and again, and parsing them (JSON, times, the overlap checks) took about 3 % of a booking's
     * server CPU. A changed schedule is another text, so an entry is never older than what was read; the
     * facts that decide a booking (bookable, fees, time off) are read every time and not kept.
     */
    private final Cache<ScheduleText, Schedule> parsed = Caffeine.newBuilder().maximumSize(10_000).build();

    JdbcSchedules(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * The doctor's row with its rules, overrides and the time off in the window aggregated as JSON
     * arrays, for the doctors the condition names: one statement whatever their number.
     */
    private static final String SLOT_FACTS = """
            SELECT d.id, d.name, d.time_zone, d.verification = 'VERIFIED' AND NOT d.suspended AS bookable, d.fees,
                   d.minimum_notice_minutes, d.horizon_days,
                   (SELECT json_agg(json_build_array(r.day_of_week, r.start_time, r.end_time, r.slot_minutes,
                                                     r.buffer_minutes, r.type, r.location_id)
                                    ORDER BY r.day_of_week, r.start_time)
                    FROM availability_rules r WHERE r.doctor_id = d.id) AS rules,
                   (SELECT json_agg(json_build_array(o.on_date, o.start_time, o.end_time, o.slot_minutes,
                                                     o.buffer_minutes, o.type, o.location_id)
                                    ORDER BY o.on_date, o.start_time)
                    FROM availability_overrides o WHERE o.doctor_id = d.id) AS overrides,
                   (SELECT json_agg(json_build_array(t.starts_at, t.ends_at) ORDER BY t.starts_at)
                    FROM time_off t WHERE t.doctor_id = d.id AND t.ends_at > :from AND t.starts_at < :to) AS time_off
            FROM doctors d WHERE %s
            """;

    /** One statement instead of six, so a booking asks the database once about the doctor. */
    @Override
    public Optional<SlotFacts> slotFacts(UUID doctorId, Instant from, Instant to) {
        return jdbc.sql(SLOT_FACTS.formatted("d.id = :id"))
                .param("id", doctorId).param("from", utc(from)).param("to", utc(to))
                .query((rs, n) -> slotFacts(rs))
                .optional();
    }

    @Override
    public Map<UUID, SlotFacts> slotFacts(Collection<UUID> doctorIds, Instant from, Instant to) {
        Map<UUID, SlotFacts> facts = new HashMap<>();
        if (doctorIds.isEmpty()) {
            return facts;
        }
        jdbc.sql(SLOT_FACTS.formatted("d.id = ANY(CAST(:ids AS uuid[]))"))
                .param("ids", doctorIds.toArray(UUID[]::new)).param("from", utc(from)).param("to", utc(to))
                .query(rs -> {
                    facts.put(rs.getObject("id", UUID.class), slotFacts(rs));
                });
        return facts;
    }

    private SlotFacts slotFacts(ResultSet rs) throws SQLException {
        ScheduleText schedule = new ScheduleText(rs.getString("rules"), rs.getString("overrides"),
                rs.getInt("minimum_notice_minutes"), rs.getInt("horizon_days"));
        return new SlotFacts(rs.getString("name"), ZoneId.of(rs.getString("time_zone")),
                rs.getBoolean("bookable"), fees(rs.getString("fees")), parsed.get(schedule, this::schedule),
                rows(rs.getString("time_off"), range -> new TimeRange(OffsetDateTime.parse(range.get(0).asString()).toInstant(),
                        OffsetDateTime.parse(range.get(1).asString()).toInstant())));
    }

    private Schedule schedule(ScheduleText text) {
        return new Schedule(rows(text.rules(), JdbcSchedules::rule), rows(text.overrides(), JdbcSchedules::override),
                text.minimumNoticeMinutes(), text.horizonDays());
    }

    private Map<ConsultationType, Money> fees(String fees) {
        Map<ConsultationType, Money> byType = new EnumMap<>(ConsultationType.class);
        byType.putAll(json.readValue(fees, FEES));
        return byType;
    }

    private <T> List<T> rows(String array, Function<JsonNode, T> mapper) {
        if (array == null) {
            return List.of();
        }
        List<T> rows = new ArrayList<>();
        json.readTree(array).forEach(row -> rows.add(mapper.apply(row)));
        return rows;
    }

    private static WeeklyRule rule(JsonNode row) {
        return new WeeklyRule(DayOfWeek.of(row.get(0).asInt()), LocalTime.parse(row.get(1).asString()),
                LocalTime.parse(row.get(2).asString()), row.get(3).asInt(), row.get(4).asInt(),
                ConsultationType.valueOf(row.get(5).asString()), uuid(row.get(6)));
    }

    private static DateOverride override(JsonNode row) {
        return new DateOverride(LocalDate.parse(row.get(0).asString()),
                row.get(1).isNull() ? null : LocalTime.parse(row.get(1).asString()),
                row.get(2).isNull() ? null : LocalTime.parse(row.get(2).asString()),
                row.get(3).isNull() ? null : row.get(3).asInt(), row.get(4).isNull() ? null : row.get(4).asInt(),
                row.get(5).isNull() ? null : ConsultationType.valueOf(row.get(5).asString()), uuid(row.get(6)));
    }

    private static UUID uuid(JsonNode value) {
        return value.isNull() ? null : UUID.fromString(value.asString());
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
        Instant clamped = instant.isBefore(EARLIEST) ? EARLIEST : instant.isAfter(LATEST) ? LATEST : instant;
        return clamped.atOffset(ZoneOffset.UTC);
    }
}
