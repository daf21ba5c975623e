package org.medbook.reporting.api;

import java.time.LocalDate;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.reporting.application.ReportQueries;
import org.medbook.reporting.application.ReportViews;
import org.medbook.shared.Caller;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The doctor's own earnings and bookings, as JSON or (Accept: text/csv) as CSV. */
@RestController
@RequestMapping("/api/v1/doctor/reports")
@PreAuthorize("hasRole('DOCTOR')")
@Tag(name = "Doctor: reports")
class DoctorReportsController {

    private final ReportQueries reports;

    DoctorReportsController(ReportQueries reports) {
        this.reports = reports;
    }

    @Operation(summary = "Gross, refunds, net and count by period, payment method and consultation type; cash due and paid apart",
            description = "from and to are dates in the doctor's zone, both included (at most 366 days); groupBy is day, "
                    + "week (ISO weeks from Monday) or month; money in minor units of its currency.")
    @GetMapping(value = "/earnings", produces = MediaType.APPLICATION_JSON_VALUE)
    ReportViews.Earnings earnings(@RequestParam LocalDate from, @RequestParam LocalDate to,
            @RequestParam(required = false) String groupBy, Caller caller) {
        return reports.earnings(caller.userId(), from, to, groupBy);
    }

    @GetMapping(value = "/earnings", produces = Csv.MEDIA_TYPE)
    ResponseEntity<String> earningsCsv(@RequestParam LocalDate from, @RequestParam LocalDate to,
            @RequestParam(required = false) String groupBy, Caller caller) {
        ReportViews.Earnings report = reports.earnings(caller.userId(), from, to, groupBy);
        Csv csv = new Csv("period", "currency", "paymentMethod", "consultationType", "grossMinor", "refundsMinor",
                "netMinor", "count");
        report.lines().forEach(l -> csv.row(l.period(), l.currency(), l.paymentMethod(), l.consultationType(),
                l.grossMinor(), l.refundsMinor(), l.netMinor(), l.count()));
        report.totals().forEach(t -> csv.row("TOTAL", t.currency(), "", "", t.grossMinor(), t.refundsMinor(),
                t.netMinor(), t.count()));
        report.cash().forEach(c -> csv.row("CASH_DUE", c.currency(), "CASH", "", c.dueMinor(), "", "", ""));
        report.cash().forEach(c -> csv.row("CASH_PAID", c.currency(), "CASH", "", c.paidMinor(), "", "", ""));
        return csv(csv, "earnings-" + from + "-" + to + ".csv");
    }

    @Operation(summary = "Bookings starting in the range: by status, who cancelled, cancellation and no-show rates, lead "
            + "time, busiest weekdays and hours, average rating of reviews written in the range")
    @GetMapping(value = "/bookings", produces = MediaType.APPLICATION_JSON_VALUE)
    ReportViews.Bookings bookings(@RequestParam LocalDate from, @RequestParam LocalDate to, Caller caller) {
        return reports.bookings(caller.userId(), from, to);
    }

    @GetMapping(value = "/bookings", produces = Csv.MEDIA_TYPE)
    ResponseEntity<String> bookingsCsv(@RequestParam LocalDate from, @RequestParam LocalDate to, Caller caller) {
        ReportViews.Bookings r = reports.bookings(caller.userId(), from, to);
        Csv csv = new Csv("metric", "key", "value");
        csv.row("from", "", r.from()).row("to", "", r.to()).row("timeZone", "", r.timeZone()).row("total", "", r.total());
        r.byStatus().forEach((status, n) -> csv.row("status", status, n));
        r.cancelledBy().forEach((who, n) -> csv.row("cancelledBy", who, n));
        csv.row("cancellationRate", "", r.cancellationRate()).row("noShowRate", "", r.noShowRate());
        csv.row("leadTimeHours", "average", r.leadTime().averageHours())
                .row("leadTimeHours", "median", r.leadTime().medianHours());
        r.busiestWeekdays().forEach(c -> csv.row("weekday", c.key(), c.count()));
        r.busiestHours().forEach(c -> csv.row("hour", c.key(), c.count()));
        csv.row("averageRating", "", r.averageRating()).row("reviewCount", "", r.reviewCount());
        return csv(csv, "bookings-" + from + "-" + to + ".csv");
    }

    static ResponseEntity<String> csv(Csv csv, String filename) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv;charset=UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"" + filename + "\"").body(csv.toString());
    }
}
