package org.medbook.doctors.infrastructure;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.medbook.doctors.DoctorEvents;
import org.medbook.shared.crypto.FieldCipher;
import org.medbook.shared.privacy.PersonalData;
import org.medbook.shared.privacy.PersonalDataPart;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A doctor's profile as they keep it: the profile itself, specialties, languages, practice locations,
 * fees, the weekly schedule, dated exceptions and time off. Erasing it unpublishes the profile for good
 * (suspended and marked erased, so no later edit or reinstatement brings it back), replaces the name and
 * removes e-mail, phone, biography, licence number and the practice names and addresses, and drops the
 * schedule; the row stays because past bookings and payments point to its id. It runs after the other
 * modules (which may still look the doctor's name up to take it out of what they hold), before the account.
 */
@Component
class JdbcDoctorsPersonalData implements PersonalData {

    /** What an erased doctor is called wherever a past booking still shows its doctor. */
    static final String ERASED_NAME = "(erased)";
    private static final TypeReference<Map<String, Object>> FEES = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final FieldCipher cipher;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;

    JdbcDoctorsPersonalData(JdbcClient jdbc, FieldCipher cipher, JsonMapper json, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.json = json;
        this.events = events;
    }

    record DoctorProfileRecord(UUID id, String name, String email, String phone, String timeZone, String bio,
                               String licenceNumber, List<String> languages, List<String> consultationTypes,
                               Map<String, Object> fees, String verification, String rejectionReason, boolean suspended,
                               int minimumNoticeMinutes, int horizonDays, Instant createdAt, Instant updatedAt,
                               List<Map<String, Object>> specialties, List<Map<String, Object>> locations,
                               List<Map<String, Object>> weeklyRules, List<Map<String, Object>> dateOverrides,
                               List<Map<String, Object>> timeOff) {
    }

    @Override
    public String part() {
        return "doctor-profile";
    }

    @Override
    public PersonalDataPart export(UUID userId) {
        return PersonalDataPart.of(jdbc.sql("SELECT * FROM doctors WHERE id = :id AND erased_at IS NULL")
                .param("id", userId).query(this::profile).list());
    }

    private DoctorProfileRecord profile(ResultSet rs, int row) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        byte[] phone = rs.getBytes("phone_enc");
        return new DoctorProfileRecord(id, rs.getString("name"), rs.getString("email"),
                phone == null ? null : cipher.decrypt(phone, "doctors.phone:" + id), rs.getString("time_zone"),
                rs.getString("bio"), rs.getString("licence_number"), strings(rs.getArray("languages")),
                strings(rs.getArray("consultation_types")), json.readValue(rs.getString("fees"), FEES),
                rs.getString("verification"), rs.getString("rejection_reason"), rs.getBoolean("suspended"),
                rs.getInt("minimum_notice_minutes"), rs.getInt("horizon_days"), instant(rs, "created_at"),
                instant(rs, "updated_at"),
                rows("""
                        SELECT s.code, s.name FROM doctor_specialties d JOIN specialties s ON s.code = d.specialty_code
                        WHERE d.doctor_id = :id ORDER BY s.code
                        """, id),
                rows("""
                        SELECT id, name, address, latitude, longitude, geocode_status FROM doctor_locations
                        WHERE doctor_id = :id ORDER BY position
                        """, id),
                rows("""
                        SELECT day_of_week, start_time::text AS start_time, end_time::text AS end_time, slot_minutes,
                               buffer_minutes, type, location_id
                        FROM availability_rules WHERE doctor_id = :id ORDER BY day_of_week, start_time
                        """, id),
                rows("""
                        SELECT on_date::text AS on_date, start_time::text AS start_time, end_time::text AS end_time,
                               slot_minutes, buffer_minutes, type, location_id
                        FROM availability_overrides WHERE doctor_id = :id ORDER BY on_date, start_time
                        """, id),
                rows("""
                        SELECT starts_at, ends_at, reason FROM time_off WHERE doctor_id = :id ORDER BY starts_at
                        """, id));
    }

    private List<Map<String, Object>> rows(String sql, UUID doctorId) {
        return jdbc.sql(sql).param("id", doctorId).query().listOfRows();
    }

    @Override
    public void erase(UUID userId, Instant now) {
        int erased = jdbc.sql("""
                UPDATE doctors SET name = :erased, email = '', phone_enc = NULL, bio = NULL, licence_number = :erased,
                       rejection_reason = NULL, suspended = true, erased_at = :now, updated_at = :now,
                       version = version + 1
                WHERE id = :id AND erased_at IS NULL
                """).param("erased", ERASED_NAME).param("id", userId).param("now", now.atOffset(ZoneOffset.UTC)).update();
        if (erased == 0) {
            return;
        }
        // past bookings still point to the practice, so its row stays without what could name the doctor
        jdbc.sql("""
                UPDATE doctor_locations SET name = :erased, address = '', latitude = NULL, longitude = NULL,
                       geocode_status = 'FAILED', geocode_error = NULL
                WHERE doctor_id = :id
                """).param("erased", ERASED_NAME).param("id", userId).update();
        for (String table : List.of("availability_rules", "availability_overrides", "time_off")) {
            jdbc.sql("DELETE FROM " + table + " WHERE doctor_id = :id").param("id", userId).update();
        }
        events.publishEvent(new DoctorEvents.DoctorErased(UUID.randomUUID(), now, userId));
    }

    /** After the modules that take the doctor's name out of their own rows, before the account. */
    @Override
    public int erasureOrder() {
        return LAST - 100;
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
