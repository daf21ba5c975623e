package org.medbook.doctors.infrastructure;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Generates verified demo doctors with practices in several cities and time zones and weekly
 * schedules, straight into the doctors tables in batches (fast enough for 100,000). Demo doctors
 * have no sign-in account. Deterministic for a given seed.
 */
@Component
class DemoDoctors {

    private static final Logger log = LoggerFactory.getLogger(DemoDoctors.class);

    record City(String name, String zone, double latitude, double longitude, String language, String currency) {
    }

    static final List<City> CITIES = List.of(
            new City("Berlin", "Europe/Berlin", 52.5200, 13.4050, "de", "EUR"),
            new City("Munich", "Europe/Berlin", 48.1351, 11.5820, "de", "EUR"),
            new City("Hamburg", "Europe/Berlin", 53.5511, 9.9937, "de", "EUR"),
            new City("Vienna", "Europe/Vienna", 48.2082, 16.3738, "de", "EUR"),
            new City("Paris", "Europe/Paris", 48.8566, 2.3522, "fr", "EUR"),
            new City("Madrid", "Europe/Madrid", 40.4168, -3.7038, "es", "EUR"),
            new City("London", "Europe/London", 51.5074, -0.1278, "en", "GBP"),
            new City("New York", "America/New_York", 40.7128, -74.0060, "en", "USD"),
            new City("Chicago", "America/Chicago", 41.8781, -87.6298, "en", "USD"),
            new City("Los Angeles", "America/Los_Angeles", 34.0522, -118.2437, "en", "USD"),
            new City("São Paulo", "America/Sao_Paulo", -23.5505, -46.6333, "pt", "BRL"),
            new City("Tokyo", "Asia/Tokyo", 35.6762, 139.6503, "ja", "JPY"),
            new City("Sydney", "Australia/Sydney", -33.8688, 151.2093, "en", "AUD"));

    private static final String[] FIRST = {"Anna", "Ben", "Clara", "David", "Elif", "Farid", "Greta", "Hugo", "Ines",
            "Jonas", "Kenji", "Lea", "Mateo", "Nora", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tara", "Umar",
            "Vera", "William", "Xenia", "Yusuf", "Zoë", "Amélie", "Björn", "Chloé", "Dário", "Émile", "Françoise"};
    private static final String[] LAST = {"Müller", "Schmidt", "García", "Dubois", "Smith", "Johnson", "Rossi",
            "Nakamura", "Kowalski", "Silva", "Jensen", "O'Brien", "Novák", "Ivanova", "Yılmaz", "Andersson", "Brown",
            "Martin", "Lefèvre", "Fernández", "Okafor", "Chen", "Kim", "Patel", "Ahmed", "Costa", "Weber", "Fischer"};
    private static final String[] SPECIALTIES = {"general-practice", "cardiology", "dermatology", "pediatrics",
            "gynecology", "orthopedics", "psychiatry", "psychotherapy", "neurology", "ophthalmology", "otolaryngology",
            "dentistry", "endocrinology", "gastroenterology", "urology", "pulmonology", "allergology", "oncology",
            "radiology", "physiotherapy"};

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    DemoDoctors(NamedParameterJdbcTemplate jdbc, TransactionTemplate transaction, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    long existing() {
        return jdbc.getJdbcTemplate().queryForObject("SELECT count(*) FROM doctors WHERE licence_number LIKE 'DEMO-%'", Long.class);
    }

    /** Adds {@code count} demo doctors; returns how many were written. */
    int generate(int count, long seed) {
        Random random = new Random(seed);
        long start = System.nanoTime();
        int batch = 2_000;
        for (int done = 0; done < count; done += batch) {
            int size = Math.min(batch, count - done);
            int offset = done;
            transaction.executeWithoutResult(status -> writeBatch(random, offset, size));
        }
        log.info("Generated {} demo doctors in {} ms", count, (System.nanoTime() - start) / 1_000_000);
        return count;
    }

    private void writeBatch(Random random, int offset, int size) {
        Instant now = clock.instant();
        List<SqlParameterSource> doctors = new ArrayList<>();
        List<SqlParameterSource> specialties = new ArrayList<>();
        List<SqlParameterSource> locations = new ArrayList<>();
        List<SqlParameterSource> rules = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int n = offset + i;
            City city = CITIES.get(n % CITIES.size());
            UUID id = new UUID(0x0000_0000_de30_0000L | (n >>> 16), random.nextLong());
            String name = "Dr. " + FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)];
            boolean video = random.nextInt(3) > 0;
            long fee = (40 + random.nextInt(120)) * (city.currency().equals("JPY") ? 100L : 100L);
            String fees = video
                    ? "{\"IN_PERSON\":{\"amountMinor\":" + fee + ",\"currency\":\"" + city.currency() + "\"},\"VIDEO\":{\"amountMinor\":"
                            + (fee * 3 / 4) + ",\"currency\":\"" + city.currency() + "\"}}"
                    : "{\"IN_PERSON\":{\"amountMinor\":" + fee + ",\"currency\":\"" + city.currency() + "\"}}";
            doctors.add(new MapSqlParameterSource(Map.of("id", id, "name", name,
                    "email", "demo-" + n + "@demo.medbook.org", "zone", city.zone(),
                    "bio", name + " practises in " + city.name() + ".", "licence", "DEMO-" + n,
                    "languages", city.language().equals("en") ? "{en}" : "{" + city.language() + ",en}",
                    "types", video ? "{IN_PERSON,VIDEO}" : "{IN_PERSON}", "fees", fees,
                    "now", now.atOffset(ZoneOffset.UTC))));
            String first = SPECIALTIES[random.nextInt(SPECIALTIES.length)];
            specialties.add(new MapSqlParameterSource(Map.of("doctor", id, "code", first)));
            if (random.nextInt(4) == 0) {
                String second = SPECIALTIES[random.nextInt(SPECIALTIES.length)];
                if (!second.equals(first)) {
                    specialties.add(new MapSqlParameterSource(Map.of("doctor", id, "code", second)));
                }
            }
            UUID location = UUID.randomUUID();
            // Spread practices over roughly 20 km around the centre.
            double lat = city.latitude() + (random.nextDouble() - 0.5) * 0.36;
            double lng = city.longitude() + (random.nextDouble() - 0.5) * 0.36 / Math.cos(Math.toRadians(city.latitude()));
            locations.add(new MapSqlParameterSource(Map.of("id", location, "doctor", id, "name", "Practice " + city.name(),
                    "address", (n % 200 + 1) + " Demo Street, " + city.name(), "lat", lat, "lng", lng)));
            int morning = 8 + random.nextInt(2);
            for (int day = 1; day <= 5; day++) {
                rules.add(rule(id, day, LocalTime.of(morning, 0), LocalTime.of(morning + 4, 0), 30, "IN_PERSON", location));
                if (video && day % 2 == 0) {
                    rules.add(rule(id, day, LocalTime.of(14, 0), LocalTime.of(17, 0), 20, "VIDEO", null));
                }
            }
        }
        jdbc.batchUpdate("""
                INSERT INTO doctors (id, name, email, time_zone, bio, licence_number, languages, consultation_types, fees,
                                     verification, suspended, minimum_notice_minutes, horizon_days, created_at, updated_at)
                VALUES (:id, :name, :email, :zone, :bio, :licence, CAST(:languages AS text[]), CAST(:types AS text[]),
                        CAST(:fees AS jsonb), 'VERIFIED', false, 120, 60, :now, :now)
                """, doctors.toArray(SqlParameterSource[]::new));
        jdbc.batchUpdate("INSERT INTO doctor_specialties (doctor_id, specialty_code) VALUES (:doctor, :code)",
                specialties.toArray(SqlParameterSource[]::new));
        jdbc.batchUpdate("""
                INSERT INTO doctor_locations (id, doctor_id, name, address, latitude, longitude, geocode_status, position)
                VALUES (:id, :doctor, :name, :address, :lat, :lng, 'MANUAL', 0)
                """, locations.toArray(SqlParameterSource[]::new));
        jdbc.batchUpdate("""
                INSERT INTO availability_rules (id, doctor_id, day_of_week, start_time, end_time, slot_minutes,
                                                buffer_minutes, type, location_id)
                VALUES (:id, :doctor, :day, :start, :end, :slot, 0, :type, :location)
                """, rules.toArray(SqlParameterSource[]::new));
    }

    private static SqlParameterSource rule(UUID doctor, int day, LocalTime start, LocalTime end, int slot, String type,
            UUID location) {
        return new MapSqlParameterSource().addValue("id", UUID.randomUUID()).addValue("doctor", doctor)
                .addValue("day", day).addValue("start", start).addValue("end", end).addValue("slot", slot)
                .addValue("type", type).addValue("location", location);
    }
}
