package org.medbook.doctors.infrastructure;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.medbook.doctors.ConsultationType;
import org.medbook.doctors.domain.Doctor;
import org.medbook.doctors.domain.Doctors;
import org.medbook.doctors.domain.GeocodeStatus;
import org.medbook.doctors.domain.Location;
import org.medbook.doctors.domain.VerificationStatus;
import org.medbook.shared.MedbookException;
import org.medbook.shared.Money;
import org.medbook.shared.ProblemKind;
import org.medbook.shared.crypto.FieldCipher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Doctors with their specialties and locations; the phone is stored encrypted. */
@Repository
class JdbcDoctors implements Doctors {

    private static final TypeReference<Map<ConsultationType, Money>> FEES = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final FieldCipher cipher;
    private final JsonMapper json;

    private final Clock clock;

    JdbcDoctors(JdbcClient jdbc, FieldCipher cipher, JsonMapper json, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.json = json;
    }

    @Override
    public Optional<Doctor> findById(UUID id) {
        Optional<Row> row = jdbc.sql("SELECT * FROM doctors WHERE id = :id").param("id", id).query(this::row).optional();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Set<String> specialties = new HashSet<>(jdbc.sql("SELECT specialty_code FROM doctor_specialties WHERE doctor_id = :id")
                .param("id", id).query(String.class).list());
        List<Location> locations = jdbc.sql("SELECT * FROM doctor_locations WHERE doctor_id = :id ORDER BY position")
                .param("id", id).query(JdbcDoctors::location).list();
        return Optional.of(doctor(id, row.get(), specialties, locations));
    }

    @Override
    public Map<UUID, Doctor> findAll(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        UUID[] array = ids.toArray(UUID[]::new);
        Map<UUID, Row> rows = new LinkedHashMap<>();
        jdbc.sql("SELECT * FROM doctors WHERE id = ANY(CAST(:ids AS uuid[]))").param("ids", array)
                .query(rs -> {
                    rows.put(rs.getObject("id", UUID.class), row(rs, 0));
                });
        if (rows.isEmpty()) {
            return Map.of();
        }
        Map<UUID, Set<String>> specialties = new HashMap<>();
        jdbc.sql("SELECT doctor_id, specialty_code FROM doctor_specialties WHERE doctor_id = ANY(CAST(:ids AS uuid[]))")
                .param("ids", array)
                .query(rs -> {
                    specialties.computeIfAbsent(rs.getObject(1, UUID.class), id -> new HashSet<>()).add(rs.getString(2));
                });
        Map<UUID, List<Location>> locations = new HashMap<>();
        jdbc.sql("SELECT * FROM doctor_locations WHERE doctor_id = ANY(CAST(:ids AS uuid[])) ORDER BY doctor_id, position")
                .param("ids", array)
                .query(rs -> {
                    locations.computeIfAbsent(rs.getObject("doctor_id", UUID.class), id -> new ArrayList<>())
                            .add(location(rs, 0));
                });
        Map<UUID, Doctor> doctors = new LinkedHashMap<>();
        rows.forEach((id, row) -> doctors.put(id, doctor(id, row, specialties.getOrDefault(id, new HashSet<>()),
                locations.getOrDefault(id, List.of()))));
        return doctors;
    }

    private static Doctor doctor(UUID id, Row r, Set<String> specialties, List<Location> locations) {
        return new Doctor(id, r.name, r.email, r.phone, r.zone, r.bio, r.licence, specialties, r.languages,
                r.types, r.fees, locations, r.verification, r.rejectionReason, r.suspended, r.version);
    }

    @Override
    public void add(Doctor doctor) {
        Instant now = clock.instant();
        bind(jdbc.sql("""
                INSERT INTO doctors (id, name, email, phone_enc, time_zone, bio, licence_number, languages,
                                     consultation_types, fees, verification, rejection_reason, suspended,
                                     created_at, updated_at, version)
                VALUES (:id, :name, :email, :phoneEnc, :zone, :bio, :licence, :languages, :types, CAST(:fees AS jsonb),
                        :verification, :rejectionReason, :suspended, :now, :now, 0)
                """), doctor).param("now", now.atOffset(ZoneOffset.UTC)).update();
        writeChildren(doctor);
    }

    @Override
    public void update(Doctor doctor) {
        int updated = bind(jdbc.sql("""
                UPDATE doctors SET name = :name, phone_enc = :phoneEnc, time_zone = :zone, bio = :bio,
                       licence_number = :licence, languages = :languages, consultation_types = :types,
                       fees = CAST(:fees AS jsonb), verification = :verification, rejection_reason = :rejectionReason,
                       suspended = :suspended, updated_at = :now, version = version + 1
                WHERE id = :id AND version = :version AND erased_at IS NULL
                """), doctor)
                .param("now", clock.instant().atOffset(ZoneOffset.UTC))
                .param("version", doctor.version())
                .update();
        if (updated == 0 && erased(doctor.id())) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "doctor-erased",
                    "This doctor's account was erased; the profile cannot be changed or published again");
        }
        if (updated == 0) {
            throw new MedbookException(ProblemKind.CONFLICT, "stale-version",
                    "The doctor was changed by someone else meanwhile; reload and try again");
        }
        jdbc.sql("DELETE FROM doctor_specialties WHERE doctor_id = :id").param("id", doctor.id()).update();
        writeChildren(doctor);
    }

    private void writeChildren(Doctor doctor) {
        for (String specialty : doctor.specialties()) {
            jdbc.sql("INSERT INTO doctor_specialties (doctor_id, specialty_code) VALUES (:id, :code)")
                    .param("id", doctor.id()).param("code", specialty).update();
        }
        List<Location> locations = doctor.locations();
        for (int position = 0; position < locations.size(); position++) {
            Location location = locations.get(position);
            jdbc.sql("""
                    INSERT INTO doctor_locations (id, doctor_id, name, address, latitude, longitude, geocode_status,
                                                  geocode_error, position)
                    VALUES (:id, :doctor, :name, :address, :lat, :lng, :status, :error, :position)
                    ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, address = EXCLUDED.address,
                        latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude,
                        geocode_status = EXCLUDED.geocode_status, geocode_error = EXCLUDED.geocode_error,
                        position = EXCLUDED.position
                    """)
                    .param("id", location.id()).param("doctor", doctor.id()).param("name", location.name())
                    .param("address", location.address()).param("lat", location.latitude())
                    .param("lng", location.longitude()).param("status", location.geocodeStatus().name())
                    .param("error", location.geocodeError()).param("position", position)
                    .update();
        }
    }

    private JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec, Doctor doctor) {
        return spec.param("id", doctor.id())
                .param("name", doctor.name())
                .param("email", doctor.email())
                .param("phoneEnc", doctor.phone().map(phone -> cipher.encrypt(phone, "doctors.phone:" + doctor.id())).orElse(null))
                .param("zone", doctor.zone().getId())
                .param("bio", doctor.bio().orElse(null))
                .param("licence", doctor.licenceNumber())
                .param("languages", doctor.languages().toArray(String[]::new))
                .param("types", doctor.consultationTypes().stream().map(Enum::name).sorted().toArray(String[]::new))
                .param("fees", json.writeValueAsString(doctor.fees()))
                .param("verification", doctor.verification().name())
                .param("rejectionReason", doctor.rejectionReason().orElse(null))
                .param("suspended", doctor.suspended());
    }

    private boolean erased(UUID id) {
        return jdbc.sql("SELECT erased_at IS NOT NULL FROM doctors WHERE id = :id").param("id", id).query(Boolean.class)
                .optional().orElse(false);
    }

    private record Row(String name, String email, String phone, ZoneId zone, String bio, String licence,
                       List<String> languages, Set<ConsultationType> types, Map<ConsultationType, Money> fees,
                       VerificationStatus verification, String rejectionReason, boolean suspended, int version) {
    }

    private Row row(ResultSet rs, int n) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        byte[] phone = rs.getBytes("phone_enc");
        Set<ConsultationType> types = EnumSet.noneOf(ConsultationType.class);
        strings(rs.getArray("consultation_types")).forEach(type -> types.add(ConsultationType.valueOf(type)));
        Map<ConsultationType, Money> fees = new EnumMap<>(ConsultationType.class);
        fees.putAll(json.readValue(rs.getString("fees"), FEES));
        return new Row(rs.getString("name"), rs.getString("email"),
                phone == null ? null : cipher.decrypt(phone, "doctors.phone:" + id), ZoneId.of(rs.getString("time_zone")),
                rs.getString("bio"), rs.getString("licence_number"), strings(rs.getArray("languages")), types, fees,
                VerificationStatus.valueOf(rs.getString("verification")), rs.getString("rejection_reason"),
                rs.getBoolean("suspended"), rs.getInt("version"));
    }

    static Location location(ResultSet rs, int n) throws SQLException {
        double lat = rs.getDouble("latitude");
        Double latitude = rs.wasNull() ? null : lat;
        double lng = rs.getDouble("longitude");
        Double longitude = rs.wasNull() ? null : lng;
        return new Location(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("address"), latitude,
                longitude, GeocodeStatus.valueOf(rs.getString("geocode_status")), rs.getString("geocode_error"));
    }

    static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
