-- The inbox's total is kept beside its unread count, so the first page of a large inbox never counts
-- its rows; the list orders by the inbox index's own order (created_at DESC, id).
ALTER TABLE notification_unread ADD COLUMN total int NOT NULL DEFAULT 0 CHECK (total >= 0);
UPDATE notification_unread u SET total = (SELECT count(*) FROM notifications n WHERE n.recipient_id = u.user_id AND n.in_app);
INSERT INTO notification_unread (user_id, unread, total)
SELECT recipient_id, 0, count(*) FROM notifications WHERE in_app GROUP BY recipient_id
ON CONFLICT (user_id) DO NOTHING;
