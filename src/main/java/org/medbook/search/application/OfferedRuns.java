package org.medbook.search.application;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.medbook.doctors.ConsultationType;
import org.medbook.doctors.FreeSlot;

/**
 * Offered slots folded into runs: a run is the starts {@code first}, {@code first + step}, ... up to
 * {@code last}, each slot {@code length} long, of one type. A working window of a day becomes one
 * run (time off splits it), so the read model stores a few dozen rows a doctor instead of hundreds.
 * Slots are cut in elapsed time, so a window across a DST switch is still one even sequence.
 */
public final class OfferedRuns {

    private OfferedRuns() {
    }

    public record Run(ConsultationType type, Instant first, Instant last, Duration length, Duration step) {
    }

    /** Exactly the given starts (a start offered twice, at two locations, once), as few runs as a greedy pass finds. */
    public static List<Run> of(List<FreeSlot> slots) {
        List<FreeSlot> sorted = new ArrayList<>(slots);
        sorted.sort(Comparator.comparing((FreeSlot slot) -> slot.type().name())
                .thenComparing(slot -> Duration.between(slot.start(), slot.end()))
                .thenComparing(FreeSlot::start));
        List<Run> runs = new ArrayList<>();
        Run open = null;
        for (FreeSlot slot : sorted) {
            Duration length = Duration.between(slot.start(), slot.end());
            if (open != null && open.type() == slot.type() && open.length().equals(length)) {
                if (slot.start().equals(open.last())) {
                    continue;
                }
                Duration gap = Duration.between(open.last(), slot.start());
                boolean single = open.first().equals(open.last());
                if (single || gap.equals(open.step())) {
                    open = new Run(open.type(), open.first(), slot.start(), length, gap);
                    continue;
                }
            }
            if (open != null) {
                runs.add(open);
            }
            // A single start's step is never used; its own length keeps it positive.
            open = new Run(slot.type(), slot.start(), slot.start(), length, length);
        }
        if (open != null) {
            runs.add(open);
        }
        return runs;
    }
}
