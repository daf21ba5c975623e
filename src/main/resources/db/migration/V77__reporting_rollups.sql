-- Platform statistics read pre-aggregated rollups instead of every row of a year. The projection
-- keeps them in the same transaction as the report_* row it changes, applying the difference between
-- the row before and after (so a booking whose status or start moves leaves its old bucket).
-- Buckets are UTC: 15 minutes for counts and sums (every zone's day starts on a quarter hour, India
-- and Nepal included), UTC days for the lead-time histogram and the specialty and city ranking.
-- Readers take whole buckets from here and the partial edges of a range from the raw rows. Counts are
-- integers (a bucket holds far fewer than 2^31): sum(integer) adds in bigint, sum(bigint) in numeric.

-- Lower bound, in hours, of the lead-time histogram bin of a lead of that many seconds: 1-hour bins
-- below 7 days (and for negative leads), 6-hour bins below 30 days, 1-day bins below 365 days,
-- 1-week bins beyond. LeadHistogram (reporting.infrastructure) mirrors the widths.
CREATE FUNCTION report_lead_bin(lead_seconds numeric) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$
SELECT CASE WHEN h < 168 THEN h
            WHEN h < 720 THEN 168 + (h - 168) / 6 * 6
            WHEN h < 8760 THEN 720 + (h - 720) / 24 * 24
            ELSE 8760 + (h - 8760) / 168 * 168 END
FROM (SELECT CAST(floor(lead_seconds / 3600) AS integer) AS h) AS hours
$$;

-- Bookings by the quarter hour they start in: per status, cancelled ones per canceller, and the lead
-- times of those that were made (not EXPIRED).
CREATE TABLE report_starts_rollup
(
    bucket               timestamptz NOT NULL PRIMARY KEY,
    pending_payment      integer     NOT NULL DEFAULT 0,
    pending_approval     integer     NOT NULL DEFAULT 0,
    confirmed            integer     NOT NULL DEFAULT 0,
    cancelled            integer     NOT NULL DEFAULT 0,
    completed            integer     NOT NULL DEFAULT 0,
    no_show              integer     NOT NULL DEFAULT 0,
    expired              integer     NOT NULL DEFAULT 0,
    cancelled_by_patient integer     NOT NULL DEFAULT 0,
    cancelled_by_doctor  integer     NOT NULL DEFAULT 0,
    cancelled_by_staff   integer     NOT NULL DEFAULT 0,
    cancelled_by_system  integer     NOT NULL DEFAULT 0,
    cancelled_by_unknown integer     NOT NULL DEFAULT 0,
    lead_count           integer     NOT NULL DEFAULT 0,
    lead_seconds         numeric     NOT NULL DEFAULT 0
);

-- Bookings by the quarter hour they were made in, per status now.
CREATE TABLE report_booked_rollup
(
    bucket           timestamptz NOT NULL PRIMARY KEY,
    pending_payment  integer     NOT NULL DEFAULT 0,
    pending_approval integer     NOT NULL DEFAULT 0,
    confirmed        integer     NOT NULL DEFAULT 0,
    cancelled        integer     NOT NULL DEFAULT 0,
    completed        integer     NOT NULL DEFAULT 0,
    no_show          integer     NOT NULL DEFAULT 0,
    expired          integer     NOT NULL DEFAULT 0
);

-- Lead-time histogram of the bookings made (not EXPIRED), by the UTC day they start on.
CREATE TABLE report_lead_rollup
(
    day      date    NOT NULL,
    lead_bin integer NOT NULL,
    bookings integer NOT NULL,
    PRIMARY KEY (day, lead_bin)
);

-- Bookings made (not EXPIRED) by the UTC day they start on, once per specialty or city the doctor has
-- now: a change of the doctor's specialties or cities moves the doctor's whole history.
CREATE TABLE report_rank_rollup
(
    dimension text   NOT NULL CHECK (dimension IN ('specialty', 'city')),
    day       date   NOT NULL,
    name      text    NOT NULL,
    bookings  integer NOT NULL,
    PRIMARY KEY (dimension, day, name)
);

CREATE TABLE report_money_rollup
(
    bucket        timestamptz NOT NULL,
    currency      text        NOT NULL,
    revenue_minor bigint      NOT NULL DEFAULT 0,
    refunds_minor bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (bucket, currency)
);

-- Visible reviews by the quarter hour they were written in.
CREATE TABLE report_reviews_rollup
(
    bucket     timestamptz NOT NULL PRIMARY KEY,
    reviews    integer     NOT NULL DEFAULT 0,
    rating_sum integer     NOT NULL DEFAULT 0
);

CREATE TABLE report_patients_rollup
(
    bucket   timestamptz NOT NULL PRIMARY KEY,
    patients integer     NOT NULL DEFAULT 0
);

-- Every doctor with a booking row: "doctors with bookings in the range" probes each of them through
-- the partial index below (one index lookup per doctor, exact).
CREATE TABLE report_booked_doctors
(
    doctor_id uuid NOT NULL PRIMARY KEY
);

CREATE INDEX report_bookings_made_idx ON report_bookings (doctor_id, starts_at) WHERE status <> 'EXPIRED';
-- the raw edges of bookings per day
CREATE INDEX report_bookings_booked_idx ON report_bookings (booked_at) INCLUDE (status);

-- Backfill from the read model as it stands.
INSERT INTO report_starts_rollup
SELECT date_bin('15 minutes', starts_at, TIMESTAMPTZ '2000-01-01 00:00:00+00'),
       count(*) FILTER (WHERE status = 'PENDING_PAYMENT'),
       count(*) FILTER (WHERE status = 'PENDING_APPROVAL'),
       count(*) FILTER (WHERE status = 'CONFIRMED'),
       count(*) FILTER (WHERE status = 'CANCELLED'),
       count(*) FILTER (WHERE status = 'COMPLETED'),
       count(*) FILTER (WHERE status = 'NO_SHOW'),
       count(*) FILTER (WHERE status = 'EXPIRED'),
       count(*) FILTER (WHERE status = 'CANCELLED' AND cancelled_by = 'PATIENT'),
       count(*) FILTER (WHERE status = 'CANCELLED' AND cancelled_by = 'DOCTOR'),
       count(*) FILTER (WHERE status = 'CANCELLED' AND cancelled_by = 'STAFF'),
       count(*) FILTER (WHERE status = 'CANCELLED' AND cancelled_by = 'SYSTEM'),
       count(*) FILTER (WHERE status = 'CANCELLED' AND cancelled_by IS NULL),
       count(*) FILTER (WHERE status <> 'EXPIRED'),
       coalesce(sum(extract(epoch FROM starts_at - booked_at)) FILTER (WHERE status <> 'EXPIRED'), 0)
FROM report_bookings
GROUP BY 1;

INSERT INTO report_booked_rollup
SELECT date_bin('15 minutes', booked_at, TIMESTAMPTZ '2000-01-01 00:00:00+00'),
       count(*) FILTER (WHERE status = 'PENDING_PAYMENT'),
       count(*) FILTER (WHERE status = 'PENDING_APPROVAL'),
       count(*) FILTER (WHERE status = 'CONFIRMED'),
       count(*) FILTER (WHERE status = 'CANCELLED'),
       count(*) FILTER (WHERE status = 'COMPLETED'),
       count(*) FILTER (WHERE status = 'NO_SHOW'),
       count(*) FILTER (WHERE status = 'EXPIRED')
FROM report_bookings
GROUP BY 1;

INSERT INTO report_lead_rollup
SELECT CAST(starts_at AT TIME ZONE 'UTC' AS date), report_lead_bin(extract(epoch FROM starts_at - booked_at)), count(*)
FROM report_bookings
WHERE status <> 'EXPIRED'
GROUP BY 1, 2;

INSERT INTO report_rank_rollup
SELECT item.dimension, CAST(b.starts_at AT TIME ZONE 'UTC' AS date), item.name, count(*)
FROM report_bookings b
         JOIN report_doctors d USING (doctor_id)
         CROSS JOIN LATERAL (SELECT 'specialty', unnest(d.specialties)
                             UNION ALL
                             SELECT 'city', unnest(d.cities)) AS item(dimension, name)
WHERE b.status <> 'EXPIRED'
GROUP BY 1, 2, 3;

INSERT INTO report_money_rollup
SELECT date_bin('15 minutes', occurred_at, TIMESTAMPTZ '2000-01-01 00:00:00+00'), currency,
       coalesce(sum(amount_minor) FILTER (WHERE kind <> 'REFUND'), 0),
       coalesce(sum(amount_minor) FILTER (WHERE kind = 'REFUND'), 0)
FROM report_money
GROUP BY 1, 2;

INSERT INTO report_reviews_rollup
SELECT date_bin('15 minutes', created_at, TIMESTAMPTZ '2000-01-01 00:00:00+00'), count(*), sum(rating)
FROM report_reviews
WHERE NOT hidden
GROUP BY 1;

INSERT INTO report_patients_rollup
SELECT date_bin('15 minutes', registered_at, TIMESTAMPTZ '2000-01-01 00:00:00+00'), count(*)
FROM report_patients
GROUP BY 1;

INSERT INTO report_booked_doctors
SELECT DISTINCT doctor_id
FROM report_bookings;
