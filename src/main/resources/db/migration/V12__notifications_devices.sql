-- When a device was last registered: apps register their token again at every start, so this is
-- how fresh a device is. A user's oldest registrations are the ones dropped beyond the limit.
ALTER TABLE devices ADD COLUMN registered_at timestamptz;
UPDATE devices SET registered_at = created_at;
ALTER TABLE devices ALTER COLUMN registered_at SET NOT NULL;
