-- Notifications. Business transactions add one row to notification_events (the module's own outbox);
-- the dispatcher fans each one out after commit, in batches, into notifications (one per event and
-- recipient) and deliveries (one per event, recipient and channel). The unique keys make a
-- redelivered event or a second node harmless.
CREATE TABLE notification_events
(
    id              uuid        NOT NULL PRIMARY KEY,
    type            text        NOT NULL,
    payload         jsonb       NOT NULL,
    created_at      timestamptz NOT NULL,
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error      text
);
CREATE INDEX notification_events_due_idx ON notification_events (next_attempt_at, created_at);

CREATE TABLE notifications
(
    id           uuid        NOT NULL PRIMARY KEY,
    event_id     uuid        NOT NULL,
    recipient_id uuid        NOT NULL,
    kind         text        NOT NULL,
    category     text        NOT NULL,
    title        text        NOT NULL,
    body         text        NOT NULL,
    data         jsonb       NOT NULL,
    language     text        NOT NULL,
    time_zone    text        NOT NULL,
    in_app       boolean     NOT NULL,
    -- a temporary password for the e-mail only, encrypted; cleared once the e-mail is sent
    secret_enc   bytea,
    created_at   timestamptz NOT NULL,
    read_at      timestamptz,
    CONSTRAINT notifications_once UNIQUE (event_id, recipient_id)
);
CREATE INDEX notifications_inbox_idx ON notifications (recipient_id, created_at DESC, id) WHERE in_app;
CREATE INDEX notifications_unread_idx ON notifications (recipient_id, created_at DESC, id) WHERE in_app AND read_at IS NULL;
CREATE INDEX notifications_created_idx ON notifications (created_at);

-- Unread in-app notifications per user, kept with every insert and read, so the count is one row.
CREATE TABLE notification_unread
(
    user_id uuid NOT NULL PRIMARY KEY,
    unread  int  NOT NULL CHECK (unread >= 0)
);

CREATE TABLE notification_deliveries
(
    id              uuid        NOT NULL PRIMARY KEY,
    notification_id uuid        NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    event_id        uuid        NOT NULL,
    recipient_id    uuid        NOT NULL,
    channel         text        NOT NULL CHECK (channel IN ('EMAIL', 'SMS', 'PUSH')),
    status          text        NOT NULL CHECK (status IN ('PENDING', 'SENDING', 'SENT', 'SKIPPED', 'FAILED')),
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    give_up_at      timestamptz NOT NULL,
    lease_until     timestamptz,
    -- devices (or other targets) already served, so a retry never sends to them twice
    done_targets    text[]      NOT NULL DEFAULT '{}',
    last_error      text,
    created_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    CONSTRAINT notification_deliveries_once UNIQUE (event_id, recipient_id, channel)
);
CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_attempt_at) WHERE status IN ('PENDING', 'SENDING');
CREATE INDEX notification_deliveries_status_idx ON notification_deliveries (status, created_at DESC);
CREATE INDEX notification_deliveries_notification_idx ON notification_deliveries (notification_id);

CREATE TABLE notification_preferences
(
    user_id     uuid        NOT NULL PRIMARY KEY,
    categories  jsonb       NOT NULL,
    quiet_start time,
    quiet_end   time,
    time_zone   text,
    updated_at  timestamptz NOT NULL
);

-- Reminders before a visit: durable, one row per booking and offset, claimed with SKIP LOCKED.
CREATE TABLE notification_reminders
(
    booking_id     uuid        NOT NULL,
    offset_seconds bigint      NOT NULL,
    starts_at      timestamptz NOT NULL,
    due_at         timestamptz NOT NULL,
    PRIMARY KEY (booking_id, offset_seconds)
);
CREATE INDEX notification_reminders_due_idx ON notification_reminders (due_at);

-- Push devices: an FCM registration token or a Web Push subscription.
CREATE TABLE devices
(
    id           uuid        NOT NULL PRIMARY KEY,
    user_id      uuid        NOT NULL,
    platform     text        NOT NULL CHECK (platform IN ('FCM', 'WEB_PUSH')),
    address      text        NOT NULL,
    p256dh       text,
    auth         text,
    created_at   timestamptz NOT NULL,
    CONSTRAINT devices_address_uq UNIQUE (platform, address)
);
CREATE INDEX devices_user_idx ON devices (user_id);
