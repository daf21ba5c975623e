-- Offered time as runs instead of one row per free slot (304 rows a doctor, 4.3 GB at 100,000
-- doctors). A run is an arithmetic sequence of slot starts: lower(starts), then every step_seconds,
-- up to upper(starts) inclusive, each slot_seconds long; one per working window and day (time off
-- splits one). Bookings are not subtracted here: search subtracts booking's booked_times view when
-- it asks, so a booking never writes to this model.
DROP TABLE search_slots;

CREATE TABLE search_runs
(
    doctor_id    uuid      NOT NULL REFERENCES search_doctors (doctor_id) ON DELETE CASCADE,
    type         text      NOT NULL,
    starts       tstzrange NOT NULL CHECK (lower_inc(starts) AND upper_inc(starts)),
    slot_seconds int       NOT NULL CHECK (slot_seconds > 0),
    step_seconds int       NOT NULL CHECK (step_seconds > 0)
);
-- Every query reads the few dozen runs of one doctor, so a B-tree on doctor_id (deduplicated: one key
-- for all of a doctor's runs) serves them; a GiST index on (doctor_id, starts) measured larger than the
-- table itself at 100,000 doctors.
CREATE INDEX search_runs_doctor_idx ON search_runs (doctor_id);

-- The first start of the run in [lo, hi) (hi null: no bound) whose slot no booked time overlaps, as
-- zero or one row. Only starts inside the bounds are generated (at most a window's slots), checked
-- against the doctor's booked time through the appointments' GiST index. A set-returning SQL function
-- called in FROM is inlined into the query (a scalar one is not, and cost ten times as much per run).
CREATE FUNCTION search_first_free(run search_runs, lo timestamptz, hi timestamptz) RETURNS SETOF timestamptz
    LANGUAGE sql STABLE PARALLEL SAFE AS
$$
SELECT lower(run.starts) + k * make_interval(secs => run.step_seconds)
FROM generate_series(
         greatest(0, ceil((extract(epoch FROM lo) - extract(epoch FROM lower(run.starts))) / run.step_seconds))::int,
         least(floor((extract(epoch FROM upper(run.starts)) - extract(epoch FROM lower(run.starts))) / run.step_seconds),
               coalesce(ceil((extract(epoch FROM hi) - extract(epoch FROM lower(run.starts))) / run.step_seconds) - 1,
                        2147483647))::int) AS k
WHERE NOT EXISTS (SELECT 1 FROM booked_times b
                  WHERE b.doctor_id = run.doctor_id
                    AND b.during && tstzrange(lower(run.starts) + k * make_interval(secs => run.step_seconds),
                                              lower(run.starts) + k * make_interval(secs => run.step_seconds)
                                                  + make_interval(secs => run.slot_seconds)))
ORDER BY k
LIMIT 1
$$;

-- The runs are rebuilt from the schedules: every doctor is stale until then (start once with
-- medbook.search.rebuild-on-start=true to rebuild at once).
UPDATE search_doctors SET slots_refreshed_at = '-infinity';
