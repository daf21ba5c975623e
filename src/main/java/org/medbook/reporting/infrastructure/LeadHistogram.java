package org.medbook.reporting.infrastructure;

import java.util.Map;
import java.util.NavigableMap;

/**
 * The median lead time from the histogram that {@code report_lead_bin} (V77) fills: each of the two
 * middle leads is taken as the midpoint of its bin, so the median is off by at most half a bin: half
 * an hour below 7 days, 3 hours below 30 days, 12 hours below a year, 3.5 days beyond (under 2% of
 * the lead wherever the bins are wider than an hour).
 */
final class LeadHistogram {

    private LeadHistogram() {
    }

    /** Width in hours of the bin starting at {@code lowerHours}, as report_lead_bin cuts them. */
    static int widthHours(int lowerHours) {
        if (lowerHours < 168) {
            return 1;
        }
        if (lowerHours < 720) {
            return 6;
        }
        return lowerHours < 8760 ? 24 : 168;
    }

    /** Median in hours (null without leads) of the counts per bin lower bound in hours. */
    static Double medianHours(NavigableMap<Integer, Long> bins) {
        long total = bins.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return null;
        }
        // percentile_cont(0.5): the mean of the leads at 0-based ranks floor((n-1)/2) and ceil((n-1)/2)
        double low = midpointAt(bins, (total - 1) / 2);
        double high = midpointAt(bins, total / 2);
        return Math.round((low + high) / 2 * 100) / 100.0;
    }

    private static double midpointAt(NavigableMap<Integer, Long> bins, long rank) {
        long seen = 0;
        for (Map.Entry<Integer, Long> bin : bins.entrySet()) {
            seen += bin.getValue();
            if (rank < seen) {
                return bin.getKey() + widthHours(bin.getKey()) / 2.0;
            }
        }
        throw new IllegalArgumentException("rank " + rank + " beyond " + seen + " leads");
    }
}
