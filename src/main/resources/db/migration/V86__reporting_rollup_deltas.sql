-- Every booking made in the same quarter hour incremented the same rows of report_booked_rollup and
-- report_booked_hours, and every booking starting on the same day the same report_starts_days row, in
-- the projection's transaction: concurrent projections queued on those row locks, and the load suite
-- measured the cash booking loop at 44 % of its rate without reporting. Now the projection only appends
-- what it would have added (the row before with sign -1, the row after with sign +1, each with the
-- doctor's specialties and cities as they were counted) and a fold moves the appended rows into the
-- rollups in one statement: every second, and before platform statistics are read, so the statistics
-- still count everything the projection has recorded. Additions commute, so folding late or in batches
-- gives the rollups they would have had.

CREATE TABLE report_booking_deltas
(
    sign         smallint    NOT NULL CHECK (sign IN (-1, 1)),
    status       text        NOT NULL,
    cancelled_by text,
    doctor_id    uuid        NOT NULL,
    starts_at    timestamptz NOT NULL,
    booked_at    timestamptz NOT NULL,
    specialties  text[]      NOT NULL,
    cities       text[]      NOT NULL
) WITH (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
        autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 5000);

-- Money moved (payments, refunds, cash collected), waiting for report_money_rollup and report_money_days.
CREATE TABLE report_money_deltas
(
    currency      text        NOT NULL,
    revenue_minor bigint      NOT NULL,
    refunds_minor bigint      NOT NULL,
    occurred_at   timestamptz NOT NULL
) WITH (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
        autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 5000);
