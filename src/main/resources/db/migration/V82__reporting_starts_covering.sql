-- The raw rows a statistics range leaves at its ends (under an hour at each, read by starts_at) are
-- read for their doctor too (the specialty and city ranking, doctors with bookings): with doctor_id in
-- the index those reads no longer visit the table, whose rows for one hour lie on as many pages as
-- there are rows. status is already in the index, so a status change was never a HOT update anyway.
CREATE INDEX report_bookings_starts_cover_idx ON report_bookings (starts_at) INCLUDE (status, booked_at, doctor_id);
DROP INDEX report_bookings_starts_idx;
