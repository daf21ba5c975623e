-- The lead-time and ranking rollups are read by the thousand rows (a year's 30 days beside its months
-- hold some 8,700 lead-time rows, the hours of a cut day 4,700), and rows of one day or hour lie on as
-- many pages as there are rows, since each was first written when its first booking came. With the
-- count in the key's index those reads are index-only scans. Each upsert then writes an index entry
-- too (the count is indexed, so no update is HOT): that cost falls on the projection, after the
-- booking has committed.
ALTER TABLE report_lead_rollup
    DROP CONSTRAINT report_lead_rollup_pkey,
    ADD CONSTRAINT report_lead_rollup_pkey PRIMARY KEY (day, lead_bin) INCLUDE (bookings);
ALTER TABLE report_lead_hours
    DROP CONSTRAINT report_lead_hours_pkey,
    ADD CONSTRAINT report_lead_hours_pkey PRIMARY KEY (hour, lead_bin) INCLUDE (bookings);
ALTER TABLE report_lead_months
    DROP CONSTRAINT report_lead_months_pkey,
    ADD CONSTRAINT report_lead_months_pkey PRIMARY KEY (month, lead_bin) INCLUDE (bookings);
ALTER TABLE report_rank_rollup
    DROP CONSTRAINT report_rank_rollup_pkey,
    ADD CONSTRAINT report_rank_rollup_pkey PRIMARY KEY (dimension, day, name) INCLUDE (bookings);
ALTER TABLE report_rank_hours
    DROP CONSTRAINT report_rank_hours_pkey,
    ADD CONSTRAINT report_rank_hours_pkey PRIMARY KEY (dimension, hour, name) INCLUDE (bookings);
