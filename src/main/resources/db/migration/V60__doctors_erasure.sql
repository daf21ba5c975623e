-- When a doctor's account was erased: the row stays (past bookings and payments name its id) without
-- anything that names the person, and nothing may publish or edit it again.
ALTER TABLE doctors ADD COLUMN erased_at timestamptz;
