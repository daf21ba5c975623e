-- Every booking writes two deliveries and updates each once it is sent, so every index on
-- notification_deliveries is written four times per booking, and the foreign key to notifications ran
-- a trigger per row that locked the notification it had just inserted in the same transaction.
-- - The foreign key and its index go: a delivery is written in the same statement round as its
--   notification, and the purge and the erasure delete a notification's deliveries themselves, found
--   by (event_id, recipient_id) through notification_deliveries_once.
-- - The staff's list needs the deliveries that failed for good, newest first: a partial index holds
--   only those, instead of every delivery by status (the list of other statuses reads the table).
-- - The unread counters are updated with every notification: room on their pages lets those updates
--   stay on the page without touching the key's index (HOT).
ALTER TABLE notification_deliveries DROP CONSTRAINT notification_deliveries_notification_id_fkey;
DROP INDEX notification_deliveries_notification_idx;
DROP INDEX notification_deliveries_status_idx;
CREATE INDEX notification_deliveries_failed_idx ON notification_deliveries (created_at DESC, id) WHERE status = 'FAILED';
ALTER TABLE notification_unread SET (fillfactor = 50);
