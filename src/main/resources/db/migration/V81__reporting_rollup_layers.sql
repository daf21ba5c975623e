-- Platform statistics whose range cuts UTC days read the cut days' parts from hourly rows instead of the
-- raw bookings (a range in Berlin time cuts 23 hours off its last UTC day: some 13,000 raw rows at
-- 5 million bookings a year), and a year's lead-time histogram from monthly rows instead of 365 days
-- of them. Readers (PlatformRollupReads, with Layers) take whole months, then whole days, then whole
-- hours of a range from these tables and only what is left (under an hour at each end) raw. Buckets
-- are UTC; the projection keeps every level in the transaction that changes a report_bookings row.

CREATE TABLE report_lead_hours
(
    hour     timestamptz NOT NULL,
    lead_bin integer     NOT NULL,
    bookings integer     NOT NULL,
    PRIMARY KEY (hour, lead_bin)
);

CREATE TABLE report_lead_months
(
    month    date    NOT NULL CHECK (extract(day FROM month) = 1),
    lead_bin integer NOT NULL,
    bookings integer NOT NULL,
    PRIMARY KEY (month, lead_bin)
);

CREATE TABLE report_rank_hours
(
    dimension text        NOT NULL CHECK (dimension IN ('specialty', 'city')),
    hour      timestamptz NOT NULL,
    name      text        NOT NULL,
    bookings  integer     NOT NULL,
    PRIMARY KEY (dimension, hour, name)
);

-- "Doctors with bookings in the range" was one index probe per doctor who ever had a booking (10,000
-- probes, some 0.1 s). Now each such doctor has a small number, and each UTC day and hour a bitmap per
-- 8,192 doctors with the bit of every doctor who has a booking made (not EXPIRED) starting in it: the
-- answer ORs a year's 365 day bitmaps with the edge hours' and counts the bits, plus the doctors of
-- the raw rows left at the edges whose bit is not set yet.
ALTER TABLE report_booked_doctors
    ADD COLUMN ordinal integer GENERATED ALWAYS AS IDENTITY (MINVALUE 0 START WITH 0);
ALTER TABLE report_booked_doctors
    ADD CONSTRAINT report_booked_doctors_ordinal_key UNIQUE (ordinal);

CREATE TABLE report_doctor_days
(
    day     date      NOT NULL,
    chunk   integer   NOT NULL,
    doctors bit(8192) NOT NULL DEFAULT CAST(B'0' AS bit(8192)),
    PRIMARY KEY (day, chunk)
);

CREATE TABLE report_doctor_hours
(
    hour    timestamptz NOT NULL,
    chunk   integer     NOT NULL,
    doctors bit(8192)   NOT NULL DEFAULT CAST(B'0' AS bit(8192)),
    PRIMARY KEY (hour, chunk)
);

-- Backfill from the read model as it stands.
INSERT INTO report_lead_hours
SELECT date_bin('1 hour', starts_at, TIMESTAMPTZ '2000-01-01 00:00:00+00'),
       report_lead_bin(extract(epoch FROM starts_at - booked_at)), count(*)
FROM report_bookings
WHERE status <> 'EXPIRED'
GROUP BY 1, 2;

INSERT INTO report_lead_months
SELECT CAST(date_trunc('month', CAST(day AS timestamp)) AS date), lead_bin, sum(bookings)
FROM report_lead_rollup
GROUP BY 1, 2
HAVING sum(bookings) <> 0;

INSERT INTO report_rank_hours
SELECT item.dimension, date_bin('1 hour', b.starts_at, TIMESTAMPTZ '2000-01-01 00:00:00+00'), item.name, count(*)
FROM report_bookings b
         JOIN report_doctors d USING (doctor_id)
         CROSS JOIN LATERAL (SELECT 'specialty', unnest(d.specialties)
                             UNION ALL
                             SELECT 'city', unnest(d.cities)) AS item(dimension, name)
WHERE b.status <> 'EXPIRED'
GROUP BY 1, 2, 3;

INSERT INTO report_doctor_days (day, chunk, doctors)
SELECT day, ordinal / 8192, bit_or(set_bit(CAST(B'0' AS bit(8192)), ordinal % 8192, 1))
FROM (SELECT DISTINCT CAST(b.starts_at AT TIME ZONE 'UTC' AS date) AS day, o.ordinal
      FROM report_bookings b
               JOIN report_booked_doctors o USING (doctor_id)
      WHERE b.status <> 'EXPIRED') AS present
GROUP BY 1, 2;

INSERT INTO report_doctor_hours (hour, chunk, doctors)
SELECT hour, ordinal / 8192, bit_or(set_bit(CAST(B'0' AS bit(8192)), ordinal % 8192, 1))
FROM (SELECT DISTINCT date_bin('1 hour', b.starts_at, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS hour, o.ordinal
      FROM report_bookings b
               JOIN report_booked_doctors o USING (doctor_id)
      WHERE b.status <> 'EXPIRED') AS present
GROUP BY 1, 2;
