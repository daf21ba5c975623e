package org.medbook.reporting.api;

import java.time.LocalDate;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.reporting.application.ReportQueries;
import org.medbook.reporting.application.ReportViews;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/admin/stats")
@PreAuthorize("hasAuthority('reports:read')")
@Tag(name = "Back office: statistics")
class AdminStatsController {

    private final ReportQueries reports;

    AdminStatsController(ReportQueries reports) {
        this.reports = reports;
    }

    @Operation(summary = "Platform statistics for [from, to] (dates in zone, UTC by default); CSV with Accept: text/csv",
            description = "Read from rollups kept by the reporting projection. Every count, sum, rate and average is "
                    + "exact. medianLeadHours comes from a lead-time histogram (1-hour bins below 7 days, 6-hour below "
                    + "30 days, 1-day below a year, 1-week beyond), each middle lead taken as its bin's midpoint: within "
                    + "half an hour of the exact median below 7 days, within 2% beyond. Top specialties and cities count "
                    + "each booking under the specialties and cities its doctor has now.")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    ReportViews.Stats stats(@RequestParam LocalDate from, @RequestParam LocalDate to,
            @RequestParam(required = false) String zone) {
        return reports.stats(from, to, zone);
    }

    @GetMapping(produces = Csv.MEDIA_TYPE)
    ResponseEntity<String> statsCsv(@RequestParam LocalDate from, @RequestParam LocalDate to,
            @RequestParam(required = false) String zone) {
        ReportViews.Stats s = reports.stats(from, to, zone);
        Csv csv = new Csv("metric", "key", "value");
        csv.row("from", "", s.from()).row("to", "", s.to()).row("timeZone", "", s.timeZone())
                .row("newPatients", "", s.newPatients()).row("activeDoctors", "", s.activeDoctors())
                .row("verifiedDoctors", "", s.verifiedDoctors());
        s.bookingsPerDay().forEach(d -> csv.row("bookings", d.day() + "/" + d.status(), d.count()));
        s.revenue().forEach(m -> csv.row("revenueMinor", m.currency(), m.revenueMinor())
                .row("refundsMinor", m.currency(), m.refundsMinor()));
        s.topSpecialties().forEach(r -> csv.row("specialty", r.name(), r.bookings()));
        s.topCities().forEach(r -> csv.row("city", r.name(), r.bookings()));
        csv.row("averageRating", "", s.averageRating()).row("reviewCount", "", s.reviewCount())
                .row("cancellationRate", "", s.cancellationRate()).row("noShowRate", "", s.noShowRate())
                .row("medianLeadHours", "", s.medianLeadHours());
        return DoctorReportsController.csv(csv, "stats-" + from + "-" + to + ".csv");
    }
}
