package org.medbook.reporting.application;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.medbook.doctors.DoctorCatalog;
import org.medbook.doctors.DoctorSnapshot;
import org.medbook.shared.MedbookException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Doctor reports and platform statistics. Dates are whole days, {@code from} and {@code to} both
 * included, in the doctor's zone (the platform's: a {@code zone} parameter, UTC by default).
 */
@Component
public class ReportQueries {

    static final long MAX_DAYS = 366;
    private static final Set<String> UNITS = Set.of("day", "week", "month");

    private final ReportReadModel reads;
    private final DoctorCatalog doctors;
    private final RollupFolding folding;
    private final TransactionTemplate readOnly;

    ReportQueries(ReportReadModel reads, DoctorCatalog doctors, RollupFolding folding,
            PlatformTransactionManager transactions) {
        this.reads = reads;
        this.doctors = doctors;
        this.folding = folding;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    @Transactional(readOnly = true)
    public ReportViews.Earnings earnings(UUID doctorId, LocalDate from, LocalDate to, String groupBy) {
        String unit = groupBy == null ? "day" : groupBy.strip().toLowerCase(Locale.ROOT);
        if (!UNITS.contains(unit)) {
            throw MedbookException.badInput("invalid-parameter", "groupBy must be day, week or month");
        }
        ZoneId zone = zoneOf(doctorId);
        Range range = range(from, to, zone);
        List<ReportViews.Line> lines = reads.earnings(doctorId, range.from(), range.to(), zone.getId(), unit).stream()
                .map(l -> new ReportViews.Line(l.period(), l.currency(), l.paymentMethod(), l.consultationType(),
                        l.grossMinor(), l.refundsMinor(), l.grossMinor() - l.refundsMinor(), l.payments()))
                .toList();
        Map<String, long[]> sums = new LinkedHashMap<>();
        lines.stream().sorted(Comparator.comparing(ReportViews.Line::currency)).forEach(l -> {
            long[] sum = sums.computeIfAbsent(l.currency(), c -> new long[3]);
            sum[0] += l.grossMinor();
            sum[1] += l.refundsMinor();
            sum[2] += l.count();
        });
        List<ReportViews.Totals> totals = new ArrayList<>();
        sums.forEach((currency, s) -> totals.add(new ReportViews.Totals(currency, s[0], s[1], s[0] - s[1], s[2])));
        List<ReportViews.Cash> cash = reads.cash(doctorId, range.from(), range.to()).stream()
                .map(c -> new ReportViews.Cash(c.currency(), c.dueMinor(), c.paidMinor())).toList();
        return new ReportViews.Earnings(doctorId, from, to, unit, zone.getId(), totals, lines, cash);
    }

    @Transactional(readOnly = true)
    public ReportViews.Bookings bookings(UUID doctorId, LocalDate from, LocalDate to) {
        ZoneId zone = zoneOf(doctorId);
        Range range = range(from, to, zone);
        ReportReadModel.BookingFigures figures = reads.bookings(doctorId, range.from(), range.to(), zone.getId());
        ReportReadModel.RatingFigures rating = reads.ratings(doctorId, range.from(), range.to());
        long total = figures.byStatus().values().stream().mapToLong(Long::longValue).sum();
        return new ReportViews.Bookings(doctorId, from, to, zone.getId(), total, figures.byStatus(),
                figures.cancelledBy(), cancellationRate(figures.byStatus()), noShowRate(figures.byStatus()),
                new ReportViews.LeadTime(figures.averageLeadHours(), figures.medianLeadHours()),
                weekdays(figures.byWeekday()), hours(figures.byHour()), rating.average(), rating.count());
    }

    /** Folds what the projection has recorded into the rollups first, so the figures count all of it. */
    public ReportViews.Stats stats(LocalDate from, LocalDate to, String zoneId) {
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneId == null || zoneId.isBlank() ? "UTC" : zoneId);
        } catch (RuntimeException e) {
            throw MedbookException.badInput("invalid-parameter", "zone must be an IANA time zone such as Europe/Berlin");
        }
        Range range = range(from, to, zone);
        folding.foldNow();
        return readOnly.execute(status -> platformStats(from, to, zone, range));
    }

    private ReportViews.Stats platformStats(LocalDate from, LocalDate to, ZoneId zone, Range range) {
        ReportReadModel.PlatformBookingFigures figures = reads.platformBookings(range.from(), range.to());
        ReportReadModel.RatingFigures rating = reads.ratings(null, range.from(), range.to());
        ReportReadModel.DoctorCounts doctorCounts = reads.doctors(range.from(), range.to());
        return new ReportViews.Stats(from, to, zone.getId(), reads.newPatients(range.from(), range.to()),
                doctorCounts.withBookingsInRange(), doctorCounts.verifiedAndActive(),
                reads.bookingsPerDay(range.from(), range.to(), zone.getId()), reads.money(range.from(), range.to()),
                reads.topSpecialties(range.from(), range.to(), 10), reads.topCities(range.from(), range.to(), 10),
                rating.average(), rating.count(), cancellationRate(figures.byStatus()), noShowRate(figures.byStatus()),
                figures.medianLeadHours());
    }

    private ZoneId zoneOf(UUID doctorId) {
        return doctors.find(doctorId).map(DoctorSnapshot::zone).orElse(ZoneId.of("UTC"));
    }

    record Range(Instant from, Instant to) {
    }

    static Range range(LocalDate from, LocalDate to, ZoneId zone) {
        if (from == null || to == null) {
            throw MedbookException.badInput("invalid-parameter", "from and to are required dates (YYYY-MM-DD)");
        }
        if (to.isBefore(from)) {
            throw MedbookException.badInput("invalid-parameter", "to must not be before from");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw MedbookException.badInput("invalid-parameter", "a report covers at most " + MAX_DAYS + " days");
        }
        return new Range(from.atStartOfDay(zone).toInstant(), to.plusDays(1).atStartOfDay(zone).toInstant());
    }

    /** Cancelled among the bookings that were made (expired holds never were). */
    private static BigDecimal cancellationRate(Map<String, Long> byStatus) {
        long made = byStatus.entrySet().stream().filter(e -> !e.getKey().equals("EXPIRED"))
                .mapToLong(Map.Entry::getValue).sum();
        return rate(byStatus.getOrDefault("CANCELLED", 0L), made);
    }

    /** No-shows among the visits whose attendance was recorded. */
    private static BigDecimal noShowRate(Map<String, Long> byStatus) {
        long noShows = byStatus.getOrDefault("NO_SHOW", 0L);
        return rate(noShows, noShows + byStatus.getOrDefault("COMPLETED", 0L));
    }

    private static BigDecimal rate(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
    }

    private static List<ReportViews.Count> weekdays(Map<Integer, Long> byIsoDay) {
        return byIsoDay.entrySet().stream()
                .sorted(Map.Entry.<Integer, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> new ReportViews.Count(DayOfWeek.of(e.getKey()).name(), e.getValue())).toList();
    }

    private static List<ReportViews.Count> hours(Map<Integer, Long> byHour) {
        return byHour.entrySet().stream()
                .sorted(Map.Entry.<Integer, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> new ReportViews.Count(String.format(Locale.ROOT, "%02d", e.getKey()), e.getValue())).toList();
    }
}
