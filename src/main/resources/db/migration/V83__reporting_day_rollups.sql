-- A year of statistics read 35,040 quarter-hour rows from each quarter-hour rollup. These keep the same
-- figures per UTC day, so a range reads its whole days here, only the quarter hours of the days it cuts
-- from the quarter-hour rollups and what is left under a quarter hour raw (see Layers). Bookings per
-- local day by booking time get hourly rows: every zone whose offsets over the range are whole hours
-- groups them into its days (India and Nepal keep the quarter hours). Kept by the projection in the
-- statement that changes the quarter-hour row.

CREATE TABLE report_starts_days
(
    day                  date    NOT NULL PRIMARY KEY,
    pending_payment      integer NOT NULL DEFAULT 0,
    pending_approval     integer NOT NULL DEFAULT 0,
    confirmed            integer NOT NULL DEFAULT 0,
    cancelled            integer NOT NULL DEFAULT 0,
    completed            integer NOT NULL DEFAULT 0,
    no_show              integer NOT NULL DEFAULT 0,
    expired              integer NOT NULL DEFAULT 0,
    cancelled_by_patient integer NOT NULL DEFAULT 0,
    cancelled_by_doctor  integer NOT NULL DEFAULT 0,
    cancelled_by_staff   integer NOT NULL DEFAULT 0,
    cancelled_by_system  integer NOT NULL DEFAULT 0,
    cancelled_by_unknown integer NOT NULL DEFAULT 0,
    lead_count           integer NOT NULL DEFAULT 0,
    lead_seconds         numeric NOT NULL DEFAULT 0
);

CREATE TABLE report_booked_hours
(
    hour             timestamptz NOT NULL PRIMARY KEY,
    pending_payment  integer     NOT NULL DEFAULT 0,
    pending_approval integer     NOT NULL DEFAULT 0,
    confirmed        integer     NOT NULL DEFAULT 0,
    cancelled        integer     NOT NULL DEFAULT 0,
    completed        integer     NOT NULL DEFAULT 0,
    no_show          integer     NOT NULL DEFAULT 0,
    expired          integer     NOT NULL DEFAULT 0
);

CREATE TABLE report_money_days
(
    day           date   NOT NULL,
    currency      text   NOT NULL,
    revenue_minor bigint NOT NULL DEFAULT 0,
    refunds_minor bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (day, currency)
);

CREATE TABLE report_reviews_days
(
    day        date    NOT NULL PRIMARY KEY,
    reviews    integer NOT NULL DEFAULT 0,
    rating_sum integer NOT NULL DEFAULT 0
);

CREATE TABLE report_patients_days
(
    day      date    NOT NULL PRIMARY KEY,
    patients integer NOT NULL DEFAULT 0
);

-- Backfill from the read model as it stands (the quarter-hour rollups hold it).
INSERT INTO report_starts_days
SELECT CAST(bucket AT TIME ZONE 'UTC' AS date), sum(pending_payment), sum(pending_approval), sum(confirmed), sum(cancelled),
       sum(completed), sum(no_show), sum(expired), sum(cancelled_by_patient), sum(cancelled_by_doctor),
       sum(cancelled_by_staff), sum(cancelled_by_system), sum(cancelled_by_unknown), sum(lead_count), sum(lead_seconds)
FROM report_starts_rollup
GROUP BY 1;

INSERT INTO report_booked_hours
SELECT date_bin('1 hour', bucket, TIMESTAMPTZ '2000-01-01 00:00:00+00'), sum(pending_payment), sum(pending_approval),
       sum(confirmed), sum(cancelled), sum(completed), sum(no_show), sum(expired)
FROM report_booked_rollup
GROUP BY 1;

INSERT INTO report_money_days
SELECT CAST(bucket AT TIME ZONE 'UTC' AS date), currency, sum(revenue_minor), sum(refunds_minor)
FROM report_money_rollup
GROUP BY 1, 2;

INSERT INTO report_reviews_days
SELECT CAST(bucket AT TIME ZONE 'UTC' AS date), sum(reviews), sum(rating_sum)
FROM report_reviews_rollup
GROUP BY 1;

INSERT INTO report_patients_days
SELECT CAST(bucket AT TIME ZONE 'UTC' AS date), sum(patients)
FROM report_patients_rollup
GROUP BY 1;
