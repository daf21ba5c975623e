package org.medbook.reporting.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.medbook.booking.api.BookingTestSupport;
import org.medbook.support.Api;
import org.medbook.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A month of one doctor's bookings, payments, refunds and cancellations, chosen at random (the seed is
 * printed), and the reports compared with sums computed straight from the payment ledger and the
 * appointments in SQL.
 */
class DoctorReportTests extends BookingTestSupport {

    /**
     * A fixed instant, after every real one the suite has seen: a pinned clock in the past would make
     * staff tokens predate the bootstrap admin's password change, which voids them.
     */
    private static final Instant MONDAY_MORNING = Instant.parse("2027-05-03T06:00:00Z");
    private static final String EARNINGS = "/api/v1/doctor/reports/earnings";
    private static final String BOOKINGS_REPORT = "/api/v1/doctor/reports/bookings";

    @Test
    void theReportsReconcileExactlyWithTheLedgerAndTheBookingsOverARandomMonth() throws Exception {
        long seed = Long.getLong("medbook.reports.seed", System.nanoTime()); // a failing run prints its seed: replay it
        System.out.println("DoctorReportTests seed " + seed);
        Random random = new Random(seed);
        Instant begin = MONDAY_MORNING;
        clock.setTo(begin);
        NewDoctor doctor = bookableDoctor();
        stubRefunds();

        Instant segment = begin;
        int visits = 18;
        for (int i = 0; i < visits; i++) {
            clock.setTo(segment);
            Patient patient = newPatient("month");
            boolean stripe = random.nextBoolean();
            String type = stripe || random.nextBoolean() ? "VIDEO" : "IN_PERSON";
            Instant earliest = segment.plus(Duration.ofHours(2 + random.nextInt(20)));
            String start = freeSlots(doctor.id(), type, 3).stream().filter(s -> !instant(s).isBefore(earliest))
                    .findFirst().orElseThrow();
            String id;
            if (stripe) {
                String intent = nextStripeIntent();
                Api.Response held = book(patient, doctor.id(), start, type, "STRIPE");
                assertThat(held.status()).as(held.toString()).isEqualTo(201);
                id = held.text("id");
                clock.setTo(clock.instant().plusSeconds(60));
                stripePaid(intent);
            } else {
                id = booked(patient, doctor.id(), start, type, "CASH");
            }
            assertThat(bookingOk(patient.token, id).text("status")).isEqualTo("CONFIRMED");
            int fate = random.nextInt(6);
            switch (fate) {
                case 1 -> assertThat(cancel(patient.token, id, "cannot come").status()).isEqualTo(200);
                case 2 -> assertThat(cancel(doctorLogin(doctor), id, "ill").status()).isEqualTo(200);
                case 3, 4 -> {
                    clock.setTo(instant(start).plus(Duration.ofMinutes(31)));
                    String doctorToken = doctorLogin(doctor);
                    Api.Response attended = doctorAction(doctorToken, id, fate == 3 ? "complete" : "no-show");
                    assertThat(attended.status()).as(attended.toString()).isEqualTo(200);
                    if (fate == 3 && !stripe) {
                        Api.Response cash = api.post(DOCTOR_BOOKINGS + "/" + id + "/cash",
                                Map.of("waived", random.nextInt(5) == 0), doctorToken);
                        assertThat(cash.status()).as(cash.toString()).isEqualTo(200);
                    }
                }
                case 5 -> {
                    if (stripe) {
                        String payment = paymentOf(id);
                        Api.Response refund = api.send("POST", "/api/v1/admin/payments/" + payment + "/refund",
                                Map.of("amountMinor", 500 + random.nextInt(3000), "reason", "goodwill"), adminToken(),
                                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
                        assertThat(refund.status()).as(refund.toString()).isEqualTo(202);
                    }
                }
                default -> {
                }
            }
            awaitEventsHandled(id);
            segment = max(clock.instant(), segment).plus(Duration.ofHours(30 + random.nextInt(12)));
        }
        clock.setTo(segment);
        String doctorToken = doctorLogin(doctor);
        LocalDate from = begin.atZone(BERLIN).toLocalDate();
        LocalDate to = segment.atZone(BERLIN).toLocalDate().plusDays(3);
        Instant fromInstant = from.atStartOfDay(BERLIN).toInstant();
        Instant toInstant = to.plusDays(1).atStartOfDay(BERLIN).toInstant();

        Map<String, long[]> ledger = ledgerByDayMethodType(doctor.id(), fromInstant, toInstant);
        long expectedGross = ledger.values().stream().mapToLong(v -> v[0]).sum();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Api.Response report = api.get(EARNINGS + "?from=" + from + "&to=" + to + "&groupBy=day", doctorToken);
            assertThat(report.status()).as(report.toString()).isEqualTo(200);
            assertThat(linesOf(report.body())).isEqualTo(asText(ledger));
        });
        assertThat(expectedGross).isPositive();

        Api.Response monthly = api.get(EARNINGS + "?from=" + from + "&to=" + to + "&groupBy=month", doctorToken);
        JsonNode total = monthly.body().path("totals").get(0);
        long refunds = ledger.values().stream().mapToLong(v -> v[1]).sum();
        assertThat(total.path("currency").asString()).isEqualTo("EUR");
        assertThat(total.path("grossMinor").asLong()).isEqualTo(expectedGross);
        assertThat(total.path("refundsMinor").asLong()).isEqualTo(refunds);
        assertThat(total.path("netMinor").asLong()).isEqualTo(expectedGross - refunds);
        assertThat(total.path("count").asLong()).isEqualTo(ledger.values().stream().mapToLong(v -> v[2]).sum());
        long monthlyGross = 0;
        for (JsonNode line : monthly.body().path("lines")) {
            monthlyGross += line.path("grossMinor").asLong();
        }
        assertThat(monthlyGross).isEqualTo(expectedGross);

        JsonNode cash = monthly.body().path("cash");
        long cashPaid = ledger.entrySet().stream().filter(e -> e.getKey().contains("|CASH|")).mapToLong(e -> e.getValue()[0]).sum();
        long cashDue = sql("""
                SELECT coalesce(sum(p.amount_minor), 0) FROM payments p JOIN appointments a ON a.id = p.booking_id
                WHERE p.doctor_id = ? AND p.method = 'CASH' AND p.status = 'DUE' AND a.status IN ('CONFIRMED', 'COMPLETED')
                  AND a.starts_at >= ? AND a.starts_at < ?""", doctor.id(), fromInstant, toInstant);
        assertThat(cash.isEmpty() ? 0 : cash.get(0).path("paidMinor").asLong()).isEqualTo(cashPaid);
        assertThat(cash.isEmpty() ? 0 : cash.get(0).path("dueMinor").asLong()).isEqualTo(cashDue);

        Map<String, Long> statuses = new TreeMap<>();
        forEachRow("SELECT status, count(*) FROM appointments WHERE doctor_id = ? AND starts_at >= ? AND starts_at < ?"
                + " GROUP BY status", rs -> statuses.put(rs.getString(1), rs.getLong(2)), doctor.id(), fromInstant, toInstant);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode bookings = api.get(BOOKINGS_REPORT + "?from=" + from + "&to=" + to, doctorToken).body();
            Map<String, Long> reported = new TreeMap<>();
            bookings.path("byStatus").properties().forEach(e -> reported.put(e.getKey(), e.getValue().asLong()));
            assertThat(reported).isEqualTo(statuses);
            assertThat(bookings.path("total").asLong()).isEqualTo(visits);
        });
        JsonNode bookings = api.get(BOOKINGS_REPORT + "?from=" + from + "&to=" + to, doctorToken).body();
        Map<String, Long> cancelledBy = new TreeMap<>();
        forEachRow("SELECT cancelled_by, count(*) FROM appointments WHERE doctor_id = ? AND status = 'CANCELLED'"
                + " GROUP BY 1", rs -> cancelledBy.put(rs.getString(1), rs.getLong(2)), doctor.id());
        Map<String, Long> reportedCancelled = new TreeMap<>();
        bookings.path("cancelledBy").properties().forEach(e -> reportedCancelled.put(e.getKey(), e.getValue().asLong()));
        assertThat(reportedCancelled).isEqualTo(cancelledBy);
        long noShows = statuses.getOrDefault("NO_SHOW", 0L);
        long attended = noShows + statuses.getOrDefault("COMPLETED", 0L);
        if (attended > 0) {
            assertThat(bookings.path("noShowRate").decimalValue().doubleValue())
                    .isCloseTo((double) noShows / attended, org.assertj.core.data.Offset.offset(0.0001));
        }
        assertThat(bookings.path("leadTime").path("averageHours").asDouble()).isPositive();
        assertThat(bookings.path("busiestWeekdays").isArray()).isTrue();
    }

    @Test
    void reportsComeAsRfc4180CsvWithAHeaderRowAndIsoDates() throws Exception {
        Instant begin = MONDAY_MORNING;
        clock.setTo(begin);
        NewDoctor doctor = bookableDoctor();
        Patient patient = newPatient("csv");
        String start = freeSlots(doctor.id(), "IN_PERSON", 3).get(0);
        String id = booked(patient, doctor.id(), start, "IN_PERSON", "CASH");
        clock.setTo(instant(start).plus(Duration.ofMinutes(40)));
        String doctorToken = doctorLogin(doctor);
        assertThat(doctorAction(doctorToken, id, "complete").status()).isEqualTo(200);
        assertThat(api.post(DOCTOR_BOOKINGS + "/" + id + "/cash", Map.of("waived", false), doctorToken).status())
                .isEqualTo(200);
        LocalDate day = instant(start).atZone(BERLIN).toLocalDate();
        String query = "?from=" + day.minusDays(1) + "&to=" + day.plusDays(1);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Api.Response csv = api.send("GET", EARNINGS + query, null, doctorToken, Map.of("Accept", "text/csv"));
            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.header("Content-Type")).startsWith("text/csv");
            assertThat(csv.raw()).startsWith("period,currency,paymentMethod,consultationType,grossMinor,refundsMinor,netMinor,count\r\n")
                    .contains(day + ",EUR,CASH,IN_PERSON,6000,0,6000,1\r\n")
                    .contains("TOTAL,EUR,,,6000,0,6000,1\r\n").contains("CASH_PAID,EUR,CASH,,6000,,,\r\n");
        });
        // booking changes reach the reports on their own path, maybe after the money
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Api.Response csv = api.send("GET", BOOKINGS_REPORT + query, null, doctorToken, Map.of("Accept", "text/csv"));
            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.raw()).startsWith("metric,key,value\r\nfrom,," + day.minusDays(1) + "\r\n")
                    .contains("status,COMPLETED,1\r\n").endsWith("\r\n");
        });

        Api.Response badRange = api.get(EARNINGS + "?from=" + day + "&to=" + day.minusDays(1), doctorToken);
        assertThat(badRange.status()).isEqualTo(400);
        assertThat(badRange.problem()).isEqualTo("invalid-parameter");
        assertThat(api.get(EARNINGS + query + "&groupBy=year", doctorToken).status()).isEqualTo(400);
        assertThat(api.get(EARNINGS + "?from=2026-01-01", doctorToken).status()).isEqualTo(400);
        assertThat(api.get(EARNINGS + query, patient.signIn()).status()).isEqualTo(403);
        assertThat(api.get(BOOKINGS_REPORT + query, adminToken()).status()).isEqualTo(403);
        assertThat(api.get(BOOKINGS_REPORT + query, null).status()).isEqualTo(401);
    }

    private static String paymentOf(String bookingId) throws SQLException {
        String[] id = new String[1];
        forEachRow("SELECT id FROM payments WHERE booking_id = ?", rs -> id[0] = rs.getString(1), bookingId);
        return id[0];
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /**
     * Refunds are carried out after commit, and the reports take booking changes from the booking change feed:
     * waits until every event about the booking has been handled and every change of it written.
     */
    private static void awaitEventsHandled(String bookingId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> sql("""
                SELECT count(*) FROM event_publication WHERE completion_date IS NULL AND serialized_event LIKE ?""",
                "%" + bookingId + "%") == 0 && sql("SELECT count(*) FROM report_inbox WHERE booking_id = CAST(? AS uuid)",
                bookingId) == 0 && sql("""
                SELECT count(*) FROM appointments a JOIN report_feed f ON f.reader = 'bookings'
                WHERE a.id = CAST(? AS uuid) AND (a.changed_tx, a.id) > (f.after_tx, f.after_booking)""", bookingId) == 0);
    }

    /** day|method|type -> {gross, refunds, payments}, straight from the ledger. */
    private static Map<String, long[]> ledgerByDayMethodType(String doctorId, Instant from, Instant to) throws SQLException {
        Map<String, long[]> sums = new TreeMap<>();
        forEachRow("""
                SELECT CAST(l.recorded_at AT TIME ZONE 'Europe/Berlin' AS date), p.method, a.type, l.entry,
                       sum(l.amount_minor), count(*)
                FROM payment_ledger l JOIN payments p ON p.id = l.payment_id JOIN appointments a ON a.id = p.booking_id
                WHERE p.doctor_id = CAST(? AS uuid) AND l.entry IN ('CAPTURED', 'CASH_PAID', 'REFUNDED')
                  AND l.recorded_at >= ? AND l.recorded_at < ?
                GROUP BY 1, 2, 3, 4""", rs -> {
            long[] sum = sums.computeIfAbsent(rs.getDate(1).toLocalDate() + "|" + rs.getString(2) + "|" + rs.getString(3),
                    k -> new long[3]);
            if (rs.getString(4).equals("REFUNDED")) {
                sum[1] += rs.getLong(5);
            } else {
                sum[0] += rs.getLong(5);
                sum[2] += rs.getLong(6);
            }
        }, doctorId, from, to);
        return sums;
    }

    private static List<String> asText(Map<String, long[]> sums) {
        List<String> lines = new ArrayList<>();
        sums.forEach((key, v) -> lines.add(key + "|" + v[0] + "|" + v[1] + "|" + (v[0] - v[1]) + "|" + v[2]));
        return lines;
    }

    private static List<String> linesOf(JsonNode report) {
        List<String> lines = new ArrayList<>();
        for (JsonNode l : report.path("lines")) {
            lines.add(l.path("period").asString() + "|" + l.path("paymentMethod").asString() + "|"
                    + l.path("consultationType").asString() + "|" + l.path("grossMinor").asLong() + "|"
                    + l.path("refundsMinor").asLong() + "|" + l.path("netMinor").asLong() + "|" + l.path("count").asLong());
        }
        return lines.stream().sorted().toList();
    }

    private interface RowHandler {
        void handle(ResultSet rs) throws SQLException;
    }

    private static void forEachRow(String sql, RowHandler handler, Object... parameters) throws SQLException {
        try (Connection connection = TestDatabase.connect(); PreparedStatement query = connection.prepareStatement(sql)) {
            bind(query, parameters);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    handler.handle(rs);
                }
            }
        }
    }

    private static long sql(String sql, Object... parameters) throws SQLException {
        try (Connection connection = TestDatabase.connect(); PreparedStatement query = connection.prepareStatement(sql)) {
            bind(query, parameters);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void bind(PreparedStatement query, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object p = parameters[i];
            if (p instanceof Instant instant) {
                query.setTimestamp(i + 1, Timestamp.from(instant));
            } else if (p instanceof String s && s.length() == 36 && s.charAt(8) == '-') {
                query.setObject(i + 1, UUID.fromString(s));
            } else {
                query.setObject(i + 1, p);
            }
        }
    }
}
