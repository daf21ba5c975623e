-- The booking change feed (Bookings.changedAfter): every insert or update of an appointment stamps the
-- row with its transaction's id, and read models beside the bookings (the reports) read the rows changed
-- since their last position in (changed_tx, id) order, up to the oldest transaction still running. So a
-- booking writes nothing for them but its own row and this index entry; before, each change also added a
-- queue row in its transaction that the reports deleted again. Rows changed before this migration have
-- no stamp and are not in the feed (the reports hold them already).

ALTER TABLE appointments ADD COLUMN changed_tx xid8;
CREATE INDEX appointments_change_feed_idx ON appointments (changed_tx, id) WHERE changed_tx IS NOT NULL;
