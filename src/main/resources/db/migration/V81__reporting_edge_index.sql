-- The platform statistics read a range's partial days (its edges) from the raw bookings: the lead
-- time histogram needs starts_at, booked_at and status, the ranking of specialties and cities also the
-- doctor. With the doctor in the index too, both edges are answered from the index alone, instead of
-- reading some ten thousand scattered table pages a day.
DROP INDEX report_bookings_starts_idx;
CREATE INDEX report_bookings_starts_idx ON report_bookings (starts_at) INCLUDE (status, booked_at, doctor_id);
