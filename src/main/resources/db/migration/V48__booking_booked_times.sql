-- The doctor's time held by appointments that still count (the same states the no-overlap constraint
-- covers), for read models in other modules: the booking module owns this view and keeps it true to
-- its table, so readers never copy a booking. A query on (doctor_id, during &&) uses the GiST index
-- behind appointments_doctor_no_overlap.
CREATE VIEW booked_times AS
SELECT doctor_id, tstzrange(starts_at, ends_at) AS during
FROM appointments
WHERE status IN ('PENDING_PAYMENT', 'PENDING_APPROVAL', 'CONFIRMED');
