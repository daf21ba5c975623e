package org.medbook.reporting.application;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.medbook.booking.AppointmentStatus;
import org.medbook.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The platform statistics read rollups that the projection's writes keep; here the same writes (status
 * changes, moved starts, redelivered and late events, edited and hidden reviews, doctors who change
 * specialty) go through the store, and every statistic is compared with the same figure computed from
 * the raw rows, in UTC and in India's +05:30, for whole days and for ranges that cut buckets.
 */
class PlatformRollupTests extends IntegrationTest {

    /** Far from every instant other tests use, so the period holds only this test's rows. */
    private static final Instant BEGIN = Instant.parse("2041-03-01T00:00:00Z");
    private static final List<String> CANCELLERS = java.util.Arrays.asList("PATIENT", "DOCTOR", "STAFF", "SYSTEM", null);

    @Autowired
    ReportStore store;
    @Autowired
    ReportReadModel reads;
    @Autowired
    ReportQueries queries;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    RollupFolding folding;
    @Autowired
    DataSource dataSource;

    @Test
    void everyPlatformStatisticEqualsTheSameFigureFromTheRawRows() {
        long seed = Long.getLong("medbook.reports.seed", System.nanoTime()); // a failing run prints its seed: replay it
        System.out.println("PlatformRollupTests seed " + seed);
        Random random = new Random(seed);
        List<UUID> doctors = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            UUID doctor = UUID.randomUUID();
            doctors.add(doctor);
            if (i < 5) { // the last doctor's profile arrives only after its bookings
                store.putDoctor(doctor, List.of("rollup-specialty-" + (i % 3), "rollup-specialty-" + (i % 2 + 3)),
                        List.of("Rollup City " + (i % 4)), i % 2 == 0, at(random, 0));
            }
        }
        AppointmentStatus[] statuses = AppointmentStatus.values();
        for (int i = 0; i < 240; i++) {
            UUID booking = UUID.randomUUID();
            UUID doctor = doctors.get(random.nextInt(doctors.size()));
            Instant bookedAt = at(random, -20 * 24);
            Instant starts = bookedAt.plus(lead(random));
            String status = statuses[random.nextInt(statuses.length)].name();
            // first seen through a later event (booked "now"), or through the booking's own first event
            Instant now = bookedAt.plusSeconds(random.nextInt(7200));
            store.putBooking(row(booking, doctor, "PENDING_PAYMENT", starts), random.nextBoolean() ? null : bookedAt, null, now);
            if (random.nextInt(3) == 0) { // moved to another quarter hour, or another day
                starts = starts.plus(Duration.ofMinutes(random.nextInt(3000) - 1000));
                store.putBooking(row(booking, doctor, "CONFIRMED", starts), null, null, now);
            }
            String canceller = "CANCELLED".equals(status) ? CANCELLERS.get(random.nextInt(CANCELLERS.size())) : null;
            store.putBooking(row(booking, doctor, status, starts), bookedAt, canceller, now.plusSeconds(60));
            if (random.nextInt(4) == 0) { // delivered twice
                store.putBooking(row(booking, doctor, status, starts), bookedAt, canceller, now.plusSeconds(90));
            }
            if (random.nextInt(5) == 0) { // a late event of an earlier state, then the one after it again
                store.putBooking(row(booking, doctor, "CONFIRMED", starts.minusSeconds(3600)), null, null, now);
                store.putBooking(row(booking, doctor, status, starts), null, null, now.plusSeconds(120));
            }
            if (random.nextInt(3) == 0) {
                UUID review = UUID.randomUUID();
                store.putReview(review, doctor, 1 + random.nextInt(5), at(random, 0));
                store.putReview(review, doctor, 1, at(random, 0)); // redelivered: the first one stands
                if (random.nextBoolean()) {
                    store.rateReview(review, 1 + random.nextInt(5));
                }
                if (random.nextInt(3) == 0) {
                    store.hideReview(review, true);
                    if (random.nextBoolean()) {
                        store.rateReview(review, 1 + random.nextInt(5));
                        store.hideReview(review, random.nextBoolean());
                    }
                }
            }
            if (random.nextBoolean()) {
                UUID event = UUID.randomUUID();
                String kind = List.of("CAPTURE", "REFUND", "CASH_PAID").get(random.nextInt(3));
                String currency = random.nextInt(4) == 0 ? "CHF" : "EUR";
                Instant moneyAt = at(random, 0);
                store.addMoney(event, booking, doctor, kind, "CASH", "IN_PERSON", 100 + random.nextInt(9000), currency, moneyAt);
                store.addMoney(event, booking, doctor, kind, "CASH", "IN_PERSON", 1, currency, moneyAt);
            }
            if (random.nextBoolean()) {
                UUID patient = UUID.randomUUID();
                Instant registered = at(random, 0);
                store.addPatient(patient, registered);
                store.addPatient(patient, registered.plusSeconds(3600));
            }
            if (i == 120) { // doctors change specialties and cities with bookings already counted
                store.putDoctor(doctors.get(0), List.of("rollup-specialty-9"), List.of("Rollup City 0", "Rollup City 7"),
                        true, at(random, 0));
                store.putDoctor(doctors.get(1), List.of("rollup-specialty-0"), List.of(), false, at(random, 0));
            }
        }
        store.putDoctor(doctors.get(5), List.of("rollup-specialty-5"), List.of("Rollup City 5"), true, at(random, 0));
        store.putDoctor(doctors.get(2), List.of("rollup-specialty-2", "rollup-specialty-8"), List.of("Rollup City 2"), true,
                at(random, 0));

        for (String zone : List.of("UTC", "Asia/Kolkata")) {
            ZoneId id = ZoneId.of(zone);
            LocalDate first = LocalDate.of(2041, 3, 2);
            for (LocalDate[] days : new LocalDate[][] {{first, first.plusDays(6)}, {first.plusDays(3), first.plusDays(3)},
                    {first.minusDays(30), first.plusDays(40)}}) {
                Instant from = days[0].atStartOfDay(id).toInstant();
                Instant to = days[1].plusDays(1).atStartOfDay(id).toInstant();
                assertSameAsRaw(from, to, zone);
                ReportViews.Stats stats = queries.stats(days[0], days[1], zone);
                assertThat(stats.bookingsPerDay()).isEqualTo(rawBookingsPerDay(from, to, zone));
                assertThat(stats.revenue()).isEqualTo(rawMoney(from, to));
            }
        }
        // ranges that cut quarter hours and days, down to one shorter than a quarter hour
        Instant cut = Instant.parse("2041-03-03T05:07:13.250Z");
        for (Instant[] range : new Instant[][] {{cut, cut.plus(Duration.ofDays(4)).plusSeconds(2500)},
                {cut, cut.plusSeconds(11 * 3600)}, {cut, cut.plusSeconds(400)}, {cut.minusSeconds(7), cut}}) {
            assertSameAsRaw(range[0], range[1], "UTC");
            assertSameAsRaw(range[0], range[1], "Asia/Kolkata");
        }
    }

    @Test
    void aZoneWhoseOffsetIsNoWholeQuarterHourCountsItsDaysFromTheRawRows() {
        // Liberia kept -00:44:30 until 1972: local midnight is 00:44:30 UTC, inside a quarter hour
        ZoneId monrovia = ZoneId.of("Africa/Monrovia");
        UUID doctor = UUID.randomUUID();
        Instant lateEvening = Instant.parse("1971-06-10T00:35:00Z");
        Instant justAfterMidnight = Instant.parse("1971-06-10T00:44:40Z");
        for (Instant bookedAt : List.of(lateEvening, justAfterMidnight, Instant.parse("1971-06-11T12:00:00Z"))) {
            store.putBooking(row(UUID.randomUUID(), doctor, "CONFIRMED", bookedAt.plus(Duration.ofDays(2))), bookedAt, null,
                    bookedAt);
        }
        LocalDate from = LocalDate.of(1971, 6, 8);
        LocalDate to = LocalDate.of(1971, 6, 12);
        List<ReportReadModel.DayStatus> days = queries.stats(from, to, monrovia.getId()).bookingsPerDay();
        assertThat(days).containsExactly(new ReportReadModel.DayStatus(LocalDate.of(1971, 6, 9), "CONFIRMED", 1),
                new ReportReadModel.DayStatus(LocalDate.of(1971, 6, 10), "CONFIRMED", 1),
                new ReportReadModel.DayStatus(LocalDate.of(1971, 6, 11), "CONFIRMED", 1));
        assertThat(days).isEqualTo(rawBookingsPerDay(from.atStartOfDay(monrovia).toInstant(),
                to.plusDays(1).atStartOfDay(monrovia).toInstant(), monrovia.getId()));
    }

    @Test
    void changesToOneDoctorsBookingsAtOnceLeaveTheDoctorCountedExactlyWhileABookingIsMade() throws Exception {
        TransactionTemplate tx = new TransactionTemplate(transactions);
        UUID doctor = UUID.randomUUID();
        Instant hour = Instant.parse("2043-05-05T10:00:00Z");
        Instant day = Instant.parse("2043-05-05T00:00:00Z");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 8; round++) {
                List<UUID> bookings = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    bookings.add(UUID.randomUUID());
                }
                // four bookings of the doctor in one hour made at once, then all four expired at once: each change
                // sees the others only once they commit, and the last one must find the doctor without a booking
                for (String status : List.of("CONFIRMED", "EXPIRED")) {
                    CyclicBarrier together = new CyclicBarrier(bookings.size());
                    List<Future<?>> changes = new ArrayList<>();
                    for (int i = 0; i < bookings.size(); i++) {
                        UUID booking = bookings.get(i);
                        Instant starts = hour.plus(Duration.ofMinutes(15L * i));
                        // leads in hour bins of their own, so no other rollup row makes the changes wait for each other
                        Instant bookedAt = starts.minus(Duration.ofHours(24L + 7 * i));
                        changes.add(pool.submit(() -> {
                            together.await(10, TimeUnit.SECONDS);
                            return tx.execute(t -> {
                                store.putBooking(row(booking, doctor, status, starts), bookedAt, null, bookedAt);
                                return null;
                            });
                        }));
                    }
                    for (Future<?> change : changes) {
                        change.get(30, TimeUnit.SECONDS);
                    }
                    long expected = status.equals("EXPIRED") ? 0 : 1;
                    assertThat(reads.doctors(hour, hour.plus(Duration.ofHours(1))).withBookingsInRange())
                            .as("round %d, all %s, the hour", round, status).isEqualTo(expected);
                    assertThat(reads.doctors(day, day.plus(Duration.ofDays(1))).withBookingsInRange())
                            .as("round %d, all %s, the day", round, status).isEqualTo(expected);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void recordingABookingWaitsForNoRollupRowThatAnotherChangeOfTheSameHourAndDayHolds() throws Exception {
        UUID doctor = UUID.randomUUID();
        store.putDoctor(doctor, List.of("hot-row-specialty"), List.of("Hot Row City"), true, BEGIN);
        Instant bookedAt = Instant.parse("2044-07-01T09:10:00Z");
        Instant starts = Instant.parse("2044-07-03T08:00:00Z");
        store.putBooking(row(UUID.randomUUID(), doctor, "CONFIRMED", starts), bookedAt, null, bookedAt);
        store.addMoney(UUID.randomUUID(), UUID.randomUUID(), doctor, "CAPTURE", "CARD", "IN_PERSON", 5000, "EUR", bookedAt);
        folding.foldNow();
        TransactionTemplate tx = new TransactionTemplate(transactions);
        // another change holds every rollup row this booking and payment count in, until it ends
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (Statement statement = other.createStatement()) {
                for (String lock : List.of(
                        "report_booked_rollup WHERE bucket = '2044-07-01T09:00:00Z'",
                        "report_booked_hours WHERE hour = '2044-07-01T09:00:00Z'",
                        "report_starts_rollup WHERE bucket = '2044-07-03T08:00:00Z'",
                        "report_starts_days WHERE day = '2044-07-03'",
                        "report_lead_months WHERE month = '2044-07-01'",
                        "report_rank_rollup WHERE day = '2044-07-03'",
                        "report_money_rollup WHERE bucket = '2044-07-01T09:00:00Z'",
                        "report_money_days WHERE day = '2044-07-01'")) {
                    try (ResultSet locked = statement.executeQuery("SELECT 1 FROM " + lock + " FOR UPDATE")) {
                        assertThat(locked.next()).as(lock).isTrue();
                    }
                }
                tx.execute(t -> {
                    jdbc.sql("SET LOCAL lock_timeout = '2s'").update();
                    store.putBooking(row(UUID.randomUUID(), doctor, "CONFIRMED", starts.plusSeconds(900)), bookedAt.plusSeconds(60),
                            null, bookedAt.plusSeconds(60));
                    store.addMoney(UUID.randomUUID(), UUID.randomUUID(), doctor, "CAPTURE", "CARD", "IN_PERSON", 700, "EUR",
                            bookedAt.plusSeconds(60));
                    return null;
                });
                // a fold would wait for those rows, so a reader's fold waits too, and a scheduled one gives way
                ExecutorService reader = Executors.newSingleThreadExecutor();
                try {
                    Future<Long> read = reader.submit(folding::foldNow);
                    Thread.sleep(300);
                    assertThat(read).isNotDone();
                    other.rollback();
                    read.get(10, TimeUnit.SECONDS);
                } finally {
                    reader.shutdownNow();
                }
            }
        }
        Instant from = Instant.parse("2044-07-01T00:00:00Z");
        Instant to = Instant.parse("2044-07-05T00:00:00Z");
        assertSameAsRaw(from, to, "UTC");
        assertThat(reads.platformBookings(from, to).byStatus()).containsEntry("CONFIRMED", 2L);
        assertThat(reads.money(from, to)).containsExactly(new ReportReadModel.CurrencyMoney("EUR", 5700, 0));
    }

    @Test
    void foldsRunningWhileBookingsAreRecordedCountEveryChangeOnce() throws Exception {
        TransactionTemplate tx = new TransactionTemplate(transactions);
        List<UUID> doctors = List.of(UUID.randomUUID(), UUID.randomUUID());
        store.putDoctor(doctors.get(0), List.of("fold-race-a"), List.of("Fold City"), true, BEGIN);
        store.putDoctor(doctors.get(1), List.of("fold-race-b"), List.of(), true, BEGIN);
        Instant base = Instant.parse("2045-02-10T06:00:00Z");
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            java.util.concurrent.atomic.AtomicBoolean recording = new java.util.concurrent.atomic.AtomicBoolean(true);
            Future<Integer> folds = pool.submit(() -> {
                int taken = 0;
                for (int round = 0; recording.get(); round++) {
                    boolean waiting = round % 2 == 0; // readers' folds and scheduled ones, taking turns
                    Long folded = tx.execute(t -> store.foldRollups(waiting));
                    if (folded != null && folded > 0) {
                        taken++;
                    }
                }
                return taken;
            });
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        UUID booking = UUID.randomUUID();
                        UUID doctor = doctors.get(i % 2);
                        Instant bookedAt = base.plusSeconds(writer * 7L + i * 61L);
                        Instant starts = bookedAt.plus(Duration.ofHours(2 + i % 30));
                        store.putBooking(row(booking, doctor, "PENDING_PAYMENT", starts), bookedAt, null, bookedAt);
                        store.putBooking(row(booking, doctor, i % 3 == 0 ? "CANCELLED" : "CONFIRMED",
                                i % 5 == 0 ? starts.plusSeconds(1800) : starts), null, i % 3 == 0 ? "PATIENT" : null, bookedAt);
                        store.addMoney(UUID.randomUUID(), booking, doctor, i % 4 == 0 ? "REFUND" : "CAPTURE", "CARD",
                                "IN_PERSON", 100 + i, "EUR", bookedAt);
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
            recording.set(false);
            assertThat(folds.get(30, TimeUnit.SECONDS)).as("folds that took rows while bookings were recorded")
                    .isPositive();
        } finally {
            pool.shutdownNow();
        }
        assertSameAsRaw(base.minus(Duration.ofDays(1)), base.plus(Duration.ofDays(3)), "UTC");
        assertThat(reads.platformBookings(base, base.plus(Duration.ofDays(3))).byStatus().values().stream()
                .mapToLong(Long::longValue).sum()).isEqualTo(160);
    }

    @Test
    void aFoldNeedsATransactionForItsLock() {
        assertThatThrownBy(() -> store.foldRollups(true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("transaction");
    }

    private void assertSameAsRaw(Instant from, Instant to, String zone) {
        folding.foldNow();
        String range = from + " .. " + to + " in " + zone;
        ReportReadModel.PlatformBookingFigures figures = reads.platformBookings(from, to);
        Map<String, Object> raw = rawBookings(from, to);
        assertThat(figures.byStatus()).as(range).isEqualTo(raw.get("byStatus"));
        assertThat(figures.cancelledBy()).as(range).isEqualTo(raw.get("cancelledBy"));
        assertThat(figures.averageLeadHours()).as(range).isEqualTo(raw.get("average"));
        Double median = (Double) raw.get("median");
        if (median == null) {
            assertThat(figures.medianLeadHours()).as(range).isNull();
        } else {
            // the stated precision: half an hour below 7 days, 2% beyond
            double allowed = median < 168 ? 0.5 : median * 0.02;
            assertThat(figures.medianLeadHours()).as(range).isCloseTo(median, within(allowed + 0.01));
        }
        assertThat(reads.bookingsPerDay(from, to, zone)).as(range).isEqualTo(rawBookingsPerDay(from, to, zone));
        assertThat(reads.money(from, to)).as(range).isEqualTo(rawMoney(from, to));
        ReportReadModel.RatingFigures ratings = reads.ratings(null, from, to);
        ReportReadModel.RatingFigures rawRatings = jdbc.sql("""
                        SELECT round(avg(rating), 1) AS average, count(*) AS n FROM report_reviews
                        WHERE NOT hidden AND created_at >= :from AND created_at < :to""")
                .param("from", utc(from)).param("to", utc(to))
                .query((rs, n) -> new ReportReadModel.RatingFigures(rs.getBigDecimal("average"), rs.getLong("n"))).single();
        assertThat(ratings).as(range).isEqualTo(rawRatings);
        assertThat(reads.newPatients(from, to)).as(range).isEqualTo(jdbc.sql(
                        "SELECT count(*) FROM report_patients WHERE registered_at >= :from AND registered_at < :to")
                .param("from", utc(from)).param("to", utc(to)).query(Long.class).single());
        assertThat(reads.doctors(from, to).withBookingsInRange()).as(range).isEqualTo(jdbc.sql("""
                        SELECT count(DISTINCT doctor_id) FROM report_bookings
                        WHERE starts_at >= :from AND starts_at < :to AND status <> 'EXPIRED'""")
                .param("from", utc(from)).param("to", utc(to)).query(Long.class).single());
        assertThat(reads.topSpecialties(from, to, 100)).as(range).isEqualTo(rawRanked("specialties", from, to));
        assertThat(reads.topCities(from, to, 100)).as(range).isEqualTo(rawRanked("cities", from, to));
        assertThat(reads.topSpecialties(from, to, 2)).as(range).isEqualTo(rawRanked("specialties", from, to).stream()
                .limit(2).toList());
    }

    private Map<String, Object> rawBookings(Instant from, Instant to) {
        Map<String, Long> byStatus = new TreeMap<>();
        Map<String, Long> cancelledBy = new TreeMap<>();
        String range = " FROM report_bookings WHERE starts_at >= :from AND starts_at < :to";
        jdbc.sql("SELECT status, count(*) AS n" + range + " GROUP BY status").param("from", utc(from)).param("to", utc(to))
                .query((rs, n) -> byStatus.put(rs.getString("status"), rs.getLong("n"))).list();
        jdbc.sql("SELECT coalesce(cancelled_by, 'UNKNOWN') AS who, count(*) AS n" + range
                        + " AND status = 'CANCELLED' GROUP BY 1").param("from", utc(from)).param("to", utc(to))
                .query((rs, n) -> cancelledBy.put(rs.getString("who"), rs.getLong("n"))).list();
        Double[] lead = jdbc.sql("""
                        SELECT avg(extract(epoch FROM starts_at - booked_at)) / 3600 AS average,
                               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM starts_at - booked_at)) / 3600
                                   AS median""" + range + " AND status <> 'EXPIRED'")
                .param("from", utc(from)).param("to", utc(to))
                .query((rs, n) -> new Double[] {rounded(rs.getObject("average")), rounded(rs.getObject("median"))})
                .single();
        Map<String, Object> figures = new java.util.HashMap<>();
        figures.put("byStatus", byStatus);
        figures.put("cancelledBy", cancelledBy);
        figures.put("average", lead[0]);
        figures.put("median", lead[1]);
        return figures;
    }

    private List<ReportReadModel.DayStatus> rawBookingsPerDay(Instant from, Instant to, String zone) {
        return jdbc.sql("""
                        SELECT CAST(booked_at AT TIME ZONE :zone AS date) AS day, status, count(*) AS n FROM report_bookings
                        WHERE booked_at >= :from AND booked_at < :to GROUP BY 1, 2 ORDER BY 1, 2""")
                .param("zone", zone).param("from", utc(from)).param("to", utc(to))
                .query((rs, n) -> new ReportReadModel.DayStatus(rs.getObject("day", LocalDate.class), rs.getString("status"),
                        rs.getLong("n")))
                .list();
    }

    private List<ReportReadModel.CurrencyMoney> rawMoney(Instant from, Instant to) {
        return jdbc.sql("""
                        SELECT currency, coalesce(sum(amount_minor) FILTER (WHERE kind <> 'REFUND'), 0) AS revenue,
                               coalesce(sum(amount_minor) FILTER (WHERE kind = 'REFUND'), 0) AS refunds
                        FROM report_money WHERE occurred_at >= :from AND occurred_at < :to GROUP BY currency ORDER BY currency""")
                .param("from", utc(from)).param("to", utc(to))
                .query((rs, n) -> new ReportReadModel.CurrencyMoney(rs.getString("currency"), rs.getLong("revenue"),
                        rs.getLong("refunds")))
                .list();
    }

    private List<ReportReadModel.Ranked> rawRanked(String column, Instant from, Instant to) {
        return jdbc.sql("SELECT item, count(*) AS n FROM report_bookings b JOIN report_doctors d USING (doctor_id),"
                        + " unnest(d." + column + ") AS item"
                        + " WHERE b.starts_at >= :from AND b.starts_at < :to AND b.status <> 'EXPIRED'"
                        + " GROUP BY item ORDER BY n DESC, item")
                .param("from", utc(from)).param("to", utc(to))
                .query((rs, n) -> new ReportReadModel.Ranked(rs.getString("item"), rs.getLong("n"))).list();
    }

    private static ReportStore.BookingRow row(UUID booking, UUID doctor, String status, Instant starts) {
        return new ReportStore.BookingRow(booking, doctor, UUID.nameUUIDFromBytes(booking.toString().getBytes()), status,
                "IN_PERSON", "CASH", 5000, "EUR", "Europe/Berlin", starts);
    }

    /** A random instant (to the millisecond) in the ten days from BEGIN shifted by {@code hours}. */
    private static Instant at(Random random, int hours) {
        return BEGIN.plus(Duration.ofHours(hours)).plusMillis((long) (random.nextDouble() * Duration.ofDays(10).toMillis()));
    }

    /** Mostly within a week (hour bins), some within a month, a few months, and a few negative. */
    private static Duration lead(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> Duration.ofMinutes(-random.nextInt(600));
            case 1, 2 -> Duration.ofMinutes(random.nextInt(60 * 24 * 60));
            case 3 -> Duration.ofMinutes(random.nextInt(60 * 24 * 400));
            default -> Duration.ofSeconds(random.nextInt(7 * 24 * 3600));
        };
    }

    private static Double rounded(Object value) {
        return value == null ? null : Math.round(((Number) value).doubleValue() * 100) / 100.0;
    }

    private static java.time.OffsetDateTime utc(Instant instant) {
        return instant.atOffset(java.time.ZoneOffset.UTC);
    }
}
