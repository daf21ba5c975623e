package org.medbook.reporting.application;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads of the reporting read model; never writes. Instants bound ranges as [from, to). */
public interface ReportReadModel {

    /** Money by period (truncated in {@code zone} to {@code unit}: day, week or month), currency, method and type. */
    List<EarningsLine> earnings(UUID doctorId, Instant from, Instant to, String zone, String unit);

    record EarningsLine(LocalDate period, String currency, String paymentMethod, String consultationType,
                        long grossMinor, long refundsMinor, long payments, long refunds) {
    }

    /** Cash still due for visits starting in the range (confirmed or completed, not collected), and cash collected in it. */
    List<CashLine> cash(UUID doctorId, Instant from, Instant to);

    record CashLine(String currency, long dueMinor, long paidMinor) {
    }

    /** One doctor's bookings starting in the range. */
    BookingFigures bookings(UUID doctorId, Instant from, Instant to, String zone);

    record BookingFigures(Map<String, Long> byStatus, Map<String, Long> cancelledBy, Double averageLeadHours,
                          Double medianLeadHours, Map<Integer, Long> byWeekday, Map<Integer, Long> byHour) {
    }

    /**
     * All bookings starting in the range: counts per status and per canceller and the average lead time
     * are exact; the median lead time comes from a histogram, within half an hour below 7 days and
     * within 2% beyond.
     */
    PlatformBookingFigures platformBookings(Instant from, Instant to);

    record PlatformBookingFigures(Map<String, Long> byStatus, Map<String, Long> cancelledBy, Double averageLeadHours,
                                  Double medianLeadHours) {
    }

    /** Visible reviews written in the range; {@code doctorId} null for the whole platform. */
    RatingFigures ratings(UUID doctorId, Instant from, Instant to);

    record RatingFigures(BigDecimal average, long count) {
    }

    // --- platform statistics

    long newPatients(Instant from, Instant to);

    /** Doctors verified and active now, and those verified at all by {@code to}. */
    DoctorCounts doctors(Instant from, Instant to);

    record DoctorCounts(long verifiedAndActive, long withBookingsInRange, long verifiedInRange) {
    }

    /** Bookings made per day (in {@code zone}) by their status now. */
    List<DayStatus> bookingsPerDay(Instant from, Instant to, String zone);

    record DayStatus(LocalDate day, String status, long count) {
    }

    /** Money moved in the range, per currency. */
    List<CurrencyMoney> money(Instant from, Instant to);

    record CurrencyMoney(String currency, long revenueMinor, long refundsMinor) {
    }

    List<Ranked> topSpecialties(Instant from, Instant to, int limit);

    List<Ranked> topCities(Instant from, Instant to, int limit);

    record Ranked(String name, long bookings) {
    }
}
