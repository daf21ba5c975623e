-- A booking keeps the doctor's notice it was made under and the end of its grace period, so its
-- free-cancellation time can be worked out again after a reschedule. Existing bookings had no grace:
-- their notice is what separated their start from their free-cancellation time.
ALTER TABLE appointments ADD COLUMN free_cancellation_notice_s bigint;
ALTER TABLE appointments ADD COLUMN grace_until timestamptz;
UPDATE appointments
   SET free_cancellation_notice_s = GREATEST(0, EXTRACT(EPOCH FROM starts_at - free_cancellation_until))::bigint;
ALTER TABLE appointments ALTER COLUMN free_cancellation_notice_s SET NOT NULL;
