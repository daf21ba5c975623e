package org.medbook.search.application;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rebuild refreshes doctors in batches, each read and written in a few statements for the whole
 * batch: every doctor of a batch ends up with exactly its own entry, points and runs, as a refresh of
 * that doctor alone writes them; a doctor no longer bookable leaves, one never bookable stays out.
 */
class BatchRefreshTests extends IntegrationTest {

    @Autowired
    DoctorProjection projection;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    org.springframework.context.ApplicationEventPublisher events;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate transaction;

    private UUID doctor(Map<String, Object> overrides, boolean schedule) {
        NewDoctor doctor = createDoctor(overrides);
        if (schedule) {
            String token = doctorToken(doctor);
            List<Map<String, Object>> rules = new ArrayList<>();
            rules.add(Map.of("dayOfWeek", "MONDAY", "start", "09:00", "end", "12:00", "slotMinutes", 30, "bufferMinutes", 0,
                    "type", "IN_PERSON", "locationId", doctor.locationId()));
            rules.add(Map.of("dayOfWeek", "THURSDAY", "start", "14:00", "end", "16:00", "slotMinutes", 20,
                    "bufferMinutes", 10, "type", "VIDEO"));
            Api.Response saved = api.put("/api/v1/doctor/availability",
                    Map.of("weeklyRules", rules, "minimumNoticeMinutes", 0, "horizonDays", 90), token);
            assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        }
        return UUID.fromString(doctor.id());
    }

    /** Each doctor's entry, points and runs as text, without the refresh times. */
    private Map<UUID, String> readModel(List<UUID> ids) {
        Map<UUID, String> model = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT d.doctor_id, concat_ws(' | ', d.name, d.search_text, d.specialties::text, d.languages::text,
                           d.consultation_types::text, d.fees::text, d.min_fee_minor, d.rating, d.review_count, d.time_zone,
                           d.minimum_notice_minutes,
                           (SELECT string_agg(p.location_id || ' ' || p.specialty || ' ' || p.latitude || ' ' || p.longitude,
                                              ', ' ORDER BY p.location_id, p.specialty)
                            FROM search_points p WHERE p.doctor_id = d.doctor_id),
                           (SELECT string_agg(r.type || ' ' || r.starts::text || ' ' || r.slot_seconds || '/' || r.step_seconds,
                                              ', ' ORDER BY r.type, r.starts)
                            FROM search_runs r WHERE r.doctor_id = d.doctor_id)) AS entry
                FROM search_doctors d WHERE d.doctor_id = ANY(CAST(:ids AS uuid[])) ORDER BY d.doctor_id
                """).param("ids", ids.toArray(UUID[]::new))
                .query(rs -> {
                    model.put(rs.getObject("doctor_id", UUID.class), rs.getString("entry"));
                });
        return model;
    }

    private long count(String table, UUID doctorId) {
        return jdbc.sql("SELECT count(*) FROM " + table + " WHERE doctor_id = :id").param("id", doctorId)
                .query(Long.class).single();
    }

    @Test
    void eachDoctorOfABatchGetsExactlyWhatARefreshOfItAloneWrites() {
        String tag = Long.toHexString(System.nanoTime());
        UUID cardiologist = doctor(Map.of("name", "Dr. Batch Herz " + tag), true);
        UUID twoPractices = doctor(Map.of("name", "Dr. Batch Kind " + tag, "specialties", List.of("pediatrics", "dermatology"),
                "languages", List.of("fr"), "timeZone", "Europe/Paris",
                "locations", List.of(
                        Map.of("name", "Cabinet Marais", "address", "1 rue de Rivoli, Paris", "latitude", 48.8556,
                                "longitude", 2.3590),
                        Map.of("name", "Cabinet Lyon", "address", "1 place Bellecour, Lyon", "latitude", 45.7578,
                                "longitude", 4.8320))), true);
        UUID noSchedule = doctor(Map.of("name", "Dr. Batch Leer " + tag, "consultationTypes", List.of("VIDEO"),
                "fees", Map.of("VIDEO", Map.of("amountMinor", 3900, "currency", "EUR"))), false);
        UUID unverified = doctor(Map.of("name", "Dr. Batch Neu " + tag), true);
        UUID goneQuietly = doctor(Map.of("name", "Dr. Batch Weg " + tag), true);
        List<UUID> verified = List.of(cardiologist, twoPractices, noSchedule, goneQuietly);
        verified.forEach(id -> verifyDoctor(id.toString()));
        List<UUID> all = List.of(cardiologist, twoPractices, noSchedule, unverified, goneQuietly);
        // the figures the reviews module keeps, copied as they are
        jdbc.sql("""
                INSERT INTO doctor_ratings (doctor_id, review_count, rating_sum, average, updated_at)
                VALUES (:id, 2, 9, 4.5, now())
                """).param("id", twoPractices).update();
        await().atMost(Duration.ofSeconds(10)).until(() -> readModel(all).keySet().containsAll(verified));

        all.forEach(projection::refresh);
        Map<UUID, String> alone = readModel(all);
        assertThat(alone).containsOnlyKeys(verified);

        jdbc.sql("DELETE FROM search_doctors WHERE doctor_id = ANY(CAST(:ids AS uuid[]))")
                .param("ids", all.toArray(UUID[]::new)).update();
        List<UUID> batch = new ArrayList<>(all);
        Collections.reverse(batch);
        batch.add(cardiologist);
        batch.add(UUID.randomUUID());
        projection.refreshAll(batch);

        assertThat(readModel(all)).as("a batch writes each doctor as a refresh of it alone does").isEqualTo(alone);
        assertThat(alone.get(cardiologist)).startsWith("Dr. Batch Herz " + tag + " | ").contains("{cardiology}", "{de,en}",
                "Europe/Berlin");
        assertThat(alone.get(twoPractices)).contains("{dermatology,pediatrics}", "{fr}", "Europe/Paris", " | 4.50 | 2 | ");
        assertThat(count("search_points", cardiologist)).as("one practice: its specialty and the any-specialty key")
                .isEqualTo(2);
        assertThat(count("search_points", twoPractices)).as("two practices, two specialties and the any key each")
                .isEqualTo(6);
        assertThat(count("search_runs", cardiologist)).isPositive();
        assertThat(count("search_runs", twoPractices)).isPositive();
        assertThat(count("search_runs", noSchedule)).as("listed, with no free time").isZero();
        assertThat(alone.get(noSchedule)).contains("{VIDEO}", " | 3900 | ");

        // suspended without the event reaching search (a lost event): the next batch takes the doctor out
        jdbc.sql("UPDATE doctors SET suspended = true WHERE id = :id").param("id", goneQuietly).update();
        projection.refreshAll(List.of(cardiologist, goneQuietly, twoPractices));
        assertThat(readModel(all)).containsOnlyKeys(cardiologist, twoPractices, noSchedule);
        assertThat(count("search_points", goneQuietly) + count("search_runs", goneQuietly)).isZero();
        assertThat(readModel(List.of(cardiologist, twoPractices))).isEqualTo(Map.of(cardiologist, alone.get(cardiologist),
                twoPractices, alone.get(twoPractices)));
    }

    @Test
    void anImportRebuildsEveryBookableDoctorTheReadModelLost() {
        String tag = Long.toHexString(System.nanoTime());
        UUID first = doctor(Map.of("name", "Dr. Rebuilt Eins " + tag), true);
        UUID second = doctor(Map.of("name", "Dr. Rebuilt Zwei " + tag, "languages", List.of("it")), true);
        UUID unverified = doctor(Map.of("name", "Dr. Rebuilt Neu " + tag), true);
        verifyDoctor(first.toString());
        verifyDoctor(second.toString());
        List<UUID> all = List.of(first, second, unverified);
        await().atMost(Duration.ofSeconds(10)).until(() -> readModel(all).keySet().containsAll(List.of(first, second)));
        Map<UUID, String> before = readModel(all);

        // a restored backup or a bulk load that bypassed the events: search lost these doctors
        jdbc.sql("DELETE FROM search_doctors WHERE doctor_id = ANY(CAST(:ids AS uuid[]))")
                .param("ids", all.toArray(UUID[]::new)).update();
        assertThat(readModel(all)).isEmpty();
        transaction.executeWithoutResult(status -> events.publishEvent(
                new org.medbook.doctors.DoctorEvents.DoctorsImported(UUID.randomUUID(), clock.instant(), 0)));

        await().atMost(Duration.ofSeconds(30)).until(() -> readModel(all).size() == 2);
        assertThat(readModel(all)).isEqualTo(before);
        assertThat(count("search_points", second)).isEqualTo(2);
        assertThat(count("search_runs", second)).isPositive();
    }
}
