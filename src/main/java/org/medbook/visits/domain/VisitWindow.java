package org.medbook.visits.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;

/** When a visit may take place: from a while before the booking starts until a while after it ends. */
public record VisitWindow(Instant opensAt, Instant closesAt) {

    public VisitWindow {
        Objects.requireNonNull(opensAt);
        Objects.requireNonNull(closesAt);
        if (!closesAt.isAfter(opensAt)) {
            throw new IllegalArgumentException("A visit window closes after it opens");
        }
    }

    public static VisitWindow around(Instant start, Instant end, Duration opensBefore, Duration closesAfter) {
        return new VisitWindow(start.minus(opensBefore), end.plus(closesAfter));
    }

    public boolean isOpenAt(Instant now) {
        return !now.isBefore(opensAt) && now.isBefore(closesAt);
    }

    public boolean notYetOpenAt(Instant now) {
        return now.isBefore(opensAt);
    }

    /** Refuses with a problem that says when the visit opens (or that it has closed). */
    public void requireOpen(Instant now) {
        if (notYetOpenAt(now)) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "visit-not-open",
                    "The visit opens at " + opensAt + "; join then",
                    Map.of("opensAt", opensAt.toString(), "closesAt", closesAt.toString()), null);
        }
        if (!now.isBefore(closesAt)) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "visit-closed",
                    "The visit closed at " + closesAt,
                    Map.of("opensAt", opensAt.toString(), "closesAt", closesAt.toString()), null);
        }
    }
}
