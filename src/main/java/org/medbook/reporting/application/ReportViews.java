package org.medbook.reporting.application;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the report endpoints answer. Money is in minor units with its ISO-4217 currency. */
public final class ReportViews {

    private ReportViews() {
    }

    public record Earnings(UUID doctorId, LocalDate from, LocalDate to, String groupBy, String timeZone,
                           List<Totals> totals, List<Line> lines, List<Cash> cash) {
    }

    public record Totals(String currency, long grossMinor, long refundsMinor, long netMinor, long count) {
    }

    /** One period, currency, payment method and consultation type; count is the number of payments. */
    public record Line(LocalDate period, String currency, String paymentMethod, String consultationType,
                       long grossMinor, long refundsMinor, long netMinor, long count) {
    }

    /** Cash due for visits in the range and not collected yet, apart from cash collected in the range. */
    public record Cash(String currency, long dueMinor, long paidMinor) {
    }

    public record Bookings(UUID doctorId, LocalDate from, LocalDate to, String timeZone, long total,
                           Map<String, Long> byStatus, Map<String, Long> cancelledBy, BigDecimal cancellationRate,
                           BigDecimal noShowRate, LeadTime leadTime, List<Count> busiestWeekdays,
                           List<Count> busiestHours, BigDecimal averageRating, long reviewCount) {
    }

    public record LeadTime(Double averageHours, Double medianHours) {
    }

    /** A weekday (MONDAY...) or an hour of the day ("09") and how many visits it had. */
    public record Count(String key, long count) {
    }

    public record Stats(LocalDate from, LocalDate to, String timeZone, long newPatients, long activeDoctors,
                        long verifiedDoctors, List<ReportReadModel.DayStatus> bookingsPerDay,
                        List<ReportReadModel.CurrencyMoney> revenue, List<ReportReadModel.Ranked> topSpecialties,
                        List<ReportReadModel.Ranked> topCities, BigDecimal averageRating, long reviewCount,
                        BigDecimal cancellationRate, BigDecimal noShowRate, Double medianLeadHours) {
    }
}
