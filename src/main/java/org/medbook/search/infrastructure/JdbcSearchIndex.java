package org.medbook.search.infrastructure;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.medbook.doctors.DoctorRatings;
import org.medbook.doctors.DoctorSnapshot;
import org.medbook.search.application.DoctorSearch;
import org.medbook.search.application.OfferedRuns;
import org.medbook.search.application.SearchIndex;
import org.medbook.search.application.SearchResultView;
import org.medbook.shared.Money;
import org.medbook.shared.PageView;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The read model in PostgreSQL. A search near a point is one GiST range scan on
 * {@code (specialty, position)} (earthdistance's {@code earth_box}), the exact great-circle distance
 * filter, then the other filters on the few doctors left.
 */
@Repository
class JdbcSearchIndex implements SearchIndex {

    private static final TypeReference<Map<String, Money>> FEES = new TypeReference<>() { };
    static final String ALL_SPECIALTIES = "*";
    /** The first instant the doctor's minimum notice lets a patient book, as SQL. */
    private static final String NOTICE = "CAST(:now AS timestamptz) + d.minimum_notice_minutes * INTERVAL '1 minute'";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    JdbcSearchIndex(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public void putAll(List<Entry> entries, Instant now) {
        if (entries.isEmpty()) {
            return;
        }
        List<Map<String, Object>> doctors = new ArrayList<>();
        List<Map<String, Object>> points = new ArrayList<>();
        List<UUID> runDoctors = new ArrayList<>();
        List<OfferedRuns.Run> runs = new ArrayList<>();
        for (Entry entry : entries) {
            DoctorSnapshot doctor = entry.doctor();
            doctors.add(doctorRow(entry));
            Set<String> keys = new LinkedHashSet<>(doctor.specialties());
            keys.add(ALL_SPECIALTIES);
            for (DoctorSnapshot.Location location : doctor.locations()) {
                if (location.latitude() == null) {
                    continue;
                }
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("location_id", location.id());
                point.put("doctor_id", doctor.id());
                point.put("latitude", location.latitude());
                point.put("longitude", location.longitude());
                point.put("keys", keys);
                points.add(point);
            }
            entry.runs().forEach(run -> {
                runDoctors.add(doctor.id());
                runs.add(run);
            });
        }
        UUID[] ids = entries.stream().map(entry -> entry.doctor().id()).toArray(UUID[]::new);
        // The upsert locks the doctors' rows first (in the order given), so two refreshes of one doctor take turns.
        jdbc.sql("""
                INSERT INTO search_doctors (doctor_id, name, search_text, specialties, languages, consultation_types, fees,
                                            min_fee_minor, time_zone, minimum_notice_minutes, slots_refreshed_at, updated_at,
                                            rating, review_count)
                SELECT d.doctor_id, d.name, d.search_text, d.specialties, d.languages, d.consultation_types, d.fees,
                       d.min_fee_minor, d.time_zone, d.minimum_notice_minutes, :now, :now, d.rating, d.review_count
                FROM jsonb_to_recordset(CAST(:doctors AS jsonb)) AS d (doctor_id uuid, name text, search_text text,
                    specialties text[], languages text[], consultation_types text[], fees jsonb, min_fee_minor bigint,
                    time_zone text, minimum_notice_minutes int, rating numeric, review_count int)
                ON CONFLICT (doctor_id) DO UPDATE SET name = EXCLUDED.name, search_text = EXCLUDED.search_text,
                    specialties = EXCLUDED.specialties, languages = EXCLUDED.languages,
                    consultation_types = EXCLUDED.consultation_types, fees = EXCLUDED.fees,
                    min_fee_minor = EXCLUDED.min_fee_minor, time_zone = EXCLUDED.time_zone,
                    minimum_notice_minutes = EXCLUDED.minimum_notice_minutes,
                    slots_refreshed_at = EXCLUDED.slots_refreshed_at, updated_at = EXCLUDED.updated_at,
                    rating = EXCLUDED.rating, review_count = EXCLUDED.review_count
                """)
                .param("doctors", json.writeValueAsString(doctors)).param("now", now.atOffset(ZoneOffset.UTC))
                .update();
        jdbc.sql("DELETE FROM search_points WHERE doctor_id = ANY(CAST(:ids AS uuid[]))").param("ids", ids).update();
        if (!points.isEmpty()) {
            jdbc.sql("""
                    INSERT INTO search_points (location_id, specialty, doctor_id, latitude, longitude, position)
                    SELECT p.location_id, key, p.doctor_id, p.latitude, p.longitude, ll_to_earth(p.latitude, p.longitude)
                    FROM jsonb_to_recordset(CAST(:points AS jsonb))
                             AS p (location_id uuid, doctor_id uuid, latitude float8, longitude float8, keys text[]),
                         unnest(p.keys) AS key
                    """)
                    .param("points", json.writeValueAsString(points))
                    .update();
        }
        jdbc.sql("DELETE FROM search_runs WHERE doctor_id = ANY(CAST(:ids AS uuid[]))").param("ids", ids).update();
        if (!runs.isEmpty()) {
            jdbc.sql("""
                    INSERT INTO search_runs (doctor_id, type, starts, slot_seconds, step_seconds)
                    SELECT id, type, tstzrange(first, last, '[]'), slot, step
                    FROM unnest(CAST(:ids AS uuid[]), CAST(:types AS text[]), CAST(:firsts AS timestamptz[]),
                                CAST(:lasts AS timestamptz[]), CAST(:slots AS int[]), CAST(:steps AS int[]))
                             AS run(id, type, first, last, slot, step)
                    """)
                    .param("ids", runDoctors.toArray(UUID[]::new))
                    .param("types", runs.stream().map(run -> run.type().name()).toArray(String[]::new))
                    .param("firsts", runs.stream().map(run -> run.first().toString()).toArray(String[]::new))
                    .param("lasts", runs.stream().map(run -> run.last().toString()).toArray(String[]::new))
                    .param("slots", runs.stream().map(run -> (int) run.length().toSeconds()).toArray(Integer[]::new))
                    .param("steps", runs.stream().map(run -> (int) run.step().toSeconds()).toArray(Integer[]::new))
                    .update();
        }
    }

    private Map<String, Object> doctorRow(Entry entry) {
        DoctorSnapshot doctor = entry.doctor();
        Map<String, Money> fees = new LinkedHashMap<>();
        doctor.fees().forEach((type, money) -> fees.put(type.name(), money));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("doctor_id", doctor.id());
        row.put("name", doctor.name());
        row.put("search_text", entry.searchText());
        row.put("specialties", doctor.specialties().stream().sorted().toList());
        row.put("languages", doctor.languages());
        row.put("consultation_types", doctor.consultationTypes().stream().map(Enum::name).sorted().toList());
        row.put("fees", fees);
        row.put("min_fee_minor", doctor.fees().values().stream().mapToLong(Money::amountMinor).min().orElse(0));
        row.put("time_zone", doctor.zone().getId());
        row.put("minimum_notice_minutes", doctor.minimumNoticeMinutes());
        row.put("rating", entry.rating().average());
        row.put("review_count", entry.rating().count());
        return row;
    }

    @Override
    public void rate(UUID doctorId, DoctorRatings.Rating rating) {
        jdbc.sql("UPDATE search_doctors SET rating = :rating, review_count = :reviews WHERE doctor_id = :id")
                .param("id", doctorId).param("rating", rating.average()).param("reviews", rating.count()).update();
    }

    @Override
    public void removeAll(Collection<UUID> doctorIds) {
        if (!doctorIds.isEmpty()) {
            jdbc.sql("DELETE FROM search_doctors WHERE doctor_id = ANY(CAST(:ids AS uuid[]))")
                    .param("ids", doctorIds.toArray(UUID[]::new)).update();
        }
    }

    @Override
    public void lockDoctor(UUID doctorId) {
        lockDoctors(List.of(doctorId));
    }

    @Override
    public void lockDoctors(List<UUID> doctorIds) {
        if (doctorIds.isEmpty()) {
            return;
        }
        // a function scan returns the array's elements in order, so the locks are taken in the order given
        jdbc.sql("""
                SELECT pg_advisory_xact_lock(hashtextextended(CAST(id AS text), 42))
                FROM unnest(CAST(:ids AS uuid[])) AS id
                """).param("ids", doctorIds.toArray(UUID[]::new))
                .query((rs, n) -> 1).list();
    }

    @Override
    public List<UUID> claimStale(Instant before, int limit) {
        return jdbc.sql("""
                SELECT doctor_id FROM search_doctors WHERE slots_refreshed_at < :before
                ORDER BY slots_refreshed_at LIMIT :limit FOR UPDATE SKIP LOCKED
                """)
                .param("before", before.atOffset(ZoneOffset.UTC)).param("limit", limit)
                .query(UUID.class).list();
    }

    @Override
    public PageView<SearchResultView> search(DoctorSearch search, Instant now) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("now", now.atOffset(ZoneOffset.UTC));
        StringBuilder sql = new StringBuilder();
        boolean distanceOnly = search.point() != null && search.sort() == DoctorSearch.Sort.DISTANCE && search.text() == null
                && search.language() == null && search.type() == null && search.availableFrom() == null
                && search.minRating() == null;
        if (search.point() != null) {
            params.put("lat", search.point().latitude());
            params.put("lng", search.point().longitude());
            params.put("radius", search.radiusKm() * 1000);
            // Compare straight-line (chord) distances in earthdistance's cube space: the same order and the
            // same cut as great-circle distances, at a fraction of the cost; converted back below.
            params.put("chord", chordOf(search.radiusKm() * 1000));
            params.put("pointKey", search.specialty() == null ? ALL_SPECIALTIES : search.specialty());
            sql.append("""
                    WITH near AS (
                        SELECT sp.doctor_id, min(cube_distance(sp.position, ll_to_earth(:lat, :lng))) AS chord
                        FROM search_points sp
                        WHERE sp.specialty = :pointKey
                          AND earth_box(ll_to_earth(:lat, :lng), :radius) @> sp.position
                          AND cube_distance(sp.position, ll_to_earth(:lat, :lng)) <= :chord
                        GROUP BY sp.doctor_id)
                    """);
            if (distanceOnly) {
                // Nothing else filters: take the page of nearest ids first, then read just those doctors.
                sql.append("""
                        , page AS (
                            SELECT doctor_id, chord, count(*) OVER () AS total FROM near
                            ORDER BY chord, doctor_id LIMIT :limit OFFSET :offset)
                        """);
            }
            sql.append("SELECT d.*, ").append(distanceOnly ? "page.chord, page.total," : "near.chord,").append('\n');
        } else {
            sql.append("SELECT d.*, CAST(NULL AS double precision) AS chord,\n");
        }
        String typeFilter = search.type() == null ? "" : " AND r.type = :type";
        Instant nextFrom = search.availableFrom() == null ? now : search.availableFrom();
        params.put("nextFrom", nextFrom.atOffset(ZoneOffset.UTC));
        // The earliest free start: the first run (by its first start) with a free start gives an upper
        // bound, and only runs beginning by then can hold an earlier one. OFFSET 0 keeps the runs sorted
        // before the search for a free start, so it stops at the first run that has one.
        String earliest = "GREATEST(CAST(:nextFrom AS timestamptz), " + NOTICE + ")";
        sql.append("""
                    (SELECT min(free) FROM search_runs r
                       CROSS JOIN LATERAL search_first_free(r, %1$s, NULL) AS free
                      WHERE r.doctor_id = d.doctor_id%2$s
                        AND r.starts && tstzrange(%1$s,
                              (SELECT free FROM (SELECT r FROM search_runs r
                                                  WHERE r.doctor_id = d.doctor_id%2$s AND r.starts && tstzrange(%1$s, NULL)
                                                  ORDER BY lower(r.starts) OFFSET 0) AS ordered
                                 CROSS JOIN LATERAL search_first_free(ordered.r, %1$s, NULL) AS free
                                LIMIT 1), '[]')
                """.formatted(earliest, typeFilter)).append(")")
                .append(distanceOnly ? " AS next_available\n" : " AS next_available,\n    count(*) OVER () AS total\n");
        sql.append(distanceOnly ? "FROM page JOIN search_doctors d ON d.doctor_id = page.doctor_id\n"
                : search.point() != null ? "FROM near JOIN search_doctors d ON d.doctor_id = near.doctor_id\n"
                : "FROM search_doctors d\n");
        sql.append("WHERE true\n");
        if (search.specialty() != null && search.point() == null) {
            sql.append("  AND d.specialties @> ARRAY[CAST(:specialty AS text)]\n");
            params.put("specialty", search.specialty());
        }
        if (search.text() != null) {
            List<String> words = Arrays.stream(search.text().split(" ")).filter(word -> !word.isBlank()).toList();
            for (int i = 0; i < words.size(); i++) {
                sql.append("  AND d.search_text LIKE :word").append(i).append('\n');
                params.put("word" + i, "%" + words.get(i).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            }
        }
        if (search.language() != null) {
            sql.append("  AND d.languages @> ARRAY[CAST(:language AS text)]\n");
            params.put("language", search.language());
        }
        if (search.type() != null) {
            sql.append("  AND d.consultation_types @> ARRAY[CAST(:type AS text)]\n");
            params.put("type", search.type().name());
        }
        if (search.minRating() != null) {
            sql.append("  AND d.rating >= :minRating\n");
            params.put("minRating", search.minRating());
        }
        if (search.availableFrom() != null) {
            String lo = "GREATEST(CAST(:from AS timestamptz), " + NOTICE + ")";
            sql.append("""
                      AND EXISTS (SELECT 1 FROM search_runs r CROSS JOIN LATERAL search_first_free(r, %1$s, :to) AS free
                                   WHERE r.doctor_id = d.doctor_id%2$s
                                     AND r.starts && tstzrange(%1$s, :to))
                    """.formatted(lo, typeFilter));
            params.put("from", search.availableFrom().atOffset(ZoneOffset.UTC));
            params.put("to", search.availableTo().atOffset(ZoneOffset.UTC));
        }
        sql.append("ORDER BY ").append(switch (search.sort()) {
            case DISTANCE -> "chord, d.doctor_id";
            case RATING -> {
                params.put("minReviews", search.minReviewsForRating());
                yield "(d.review_count >= :minReviews) DESC, d.rating DESC NULLS LAST, d.review_count DESC, d.name, d.doctor_id";
            }
            case FEE -> search.type() == null ? "d.min_fee_minor, d.doctor_id"
                    : "CAST(d.fees -> CAST(:type AS text) ->> 'amountMinor' AS bigint), d.doctor_id";
            case SOONEST -> "next_available NULLS LAST, d.doctor_id";
        }).append(distanceOnly ? "" : "\nLIMIT :limit OFFSET :offset");
        params.put("limit", search.page().size());
        params.put("offset", search.page().offset());

        List<long[]> totals = new ArrayList<>();
        List<SearchResultView> items = jdbc.sql(sql.toString()).params(params).query((rs, n) -> {
            totals.add(new long[] {rs.getLong("total")});
            return result(rs);
        }).list();
        long total = totals.isEmpty() ? 0 : totals.get(0)[0];
        if (items.isEmpty() && search.page().offset() > 0) {
            // A page past the end has no row to carry the window count: count from the first row.
            params.put("limit", 1);
            params.put("offset", 0);
            total = jdbc.sql(sql.toString()).params(params).query((rs, n) -> rs.getLong("total")).optional().orElse(0L);
        }
        return new PageView<>(items, search.page().page(), search.page().size(), total);
    }

    private SearchResultView result(ResultSet rs) throws SQLException {
        double chord = rs.getDouble("chord");
        Double distanceKm = rs.wasNull() ? null : Math.round(greatCircleOf(chord) / 10.0) / 100.0;
        double rating = rs.getDouble("rating");
        Double ratingValue = rs.wasNull() ? null : rating;
        OffsetDateTime next = rs.getObject("next_available", OffsetDateTime.class);
        ZoneId zone = ZoneId.of(rs.getString("time_zone"));
        return new SearchResultView(rs.getObject("doctor_id", UUID.class), rs.getString("name"),
                strings(rs.getArray("specialties")), strings(rs.getArray("languages")),
                strings(rs.getArray("consultation_types")), distanceKm, ratingValue, rs.getInt("review_count"),
                json.readValue(rs.getString("fees"), FEES),
                next == null ? null : next.toInstant().atZone(zone).toOffsetDateTime());
    }

    /** earthdistance's Earth radius, in metres (its {@code earth()} function). */
    private static final double EARTH_RADIUS = 6378168;

    static double chordOf(double greatCircleMetres) {
        return 2 * EARTH_RADIUS * Math.sin(greatCircleMetres / (2 * EARTH_RADIUS));
    }

    static double greatCircleOf(double chordMetres) {
        return 2 * EARTH_RADIUS * Math.asin(Math.min(1, chordMetres / (2 * EARTH_RADIUS)));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
