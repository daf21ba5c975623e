-- Chat between a patient and a doctor. The conversation row is also the per-conversation sequence:
-- a message takes last_seq + 1 under the row's lock in the transaction that inserts it, so seq is
-- 1, 2, 3 ... with no gap or duplicate whichever node writes, and a rollback gives the number back.
CREATE TABLE conversations
(
    id                    uuid        NOT NULL PRIMARY KEY,
    patient_id            uuid        NOT NULL,
    doctor_id             uuid        NOT NULL,
    status                text        NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
    last_seq              bigint      NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
    -- the last message's time, or the opening's: lists are ordered by it
    activity_at           timestamptz NOT NULL,
    patient_read_seq      bigint      NOT NULL DEFAULT 0,
    doctor_read_seq       bigint      NOT NULL DEFAULT 0,
    patient_delivered_seq bigint      NOT NULL DEFAULT 0,
    doctor_delivered_seq  bigint      NOT NULL DEFAULT 0,
    patient_unread        bigint      NOT NULL DEFAULT 0 CHECK (patient_unread >= 0),
    doctor_unread         bigint      NOT NULL DEFAULT 0 CHECK (doctor_unread >= 0),
    created_at            timestamptz NOT NULL,
    closed_at             timestamptz,
    CONSTRAINT conversations_pair_uq UNIQUE (patient_id, doctor_id)
);
CREATE INDEX conversations_patient_idx ON conversations (patient_id, activity_at DESC, id);
CREATE INDEX conversations_doctor_idx ON conversations (doctor_id, activity_at DESC, id);

-- Bodies are encrypted (shared field encryption, bound to the message id).
CREATE TABLE chat_messages
(
    id                uuid        NOT NULL PRIMARY KEY,
    conversation_id   uuid        NOT NULL REFERENCES conversations (id),
    seq               bigint      NOT NULL CHECK (seq > 0),
    sender_id         uuid        NOT NULL,
    client_message_id text        NOT NULL,
    body_enc          bytea       NOT NULL,
    sent_at           timestamptz NOT NULL,
    CONSTRAINT chat_messages_seq_uq UNIQUE (conversation_id, seq),
    -- a resend after a dropped connection finds the original instead of storing a copy
    CONSTRAINT chat_messages_client_uq UNIQUE (sender_id, client_message_id)
);

-- Files uploaded into a conversation; message_id is set when a message carries them.
CREATE TABLE chat_attachments
(
    id              uuid        NOT NULL PRIMARY KEY,
    conversation_id uuid        NOT NULL REFERENCES conversations (id),
    uploader_id     uuid        NOT NULL,
    name_enc        bytea       NOT NULL,
    content_type    text        NOT NULL,
    size            bigint      NOT NULL CHECK (size > 0),
    message_id      uuid REFERENCES chat_messages (id),
    created_at      timestamptz NOT NULL
);
CREATE INDEX chat_attachments_message_idx ON chat_attachments (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX chat_attachments_conversation_idx ON chat_attachments (conversation_id);

-- The PostgreSQL implementation of the attachment storage port: the encrypted content.
CREATE TABLE chat_attachment_contents
(
    attachment_id uuid  NOT NULL PRIMARY KEY REFERENCES chat_attachments (id),
    content_enc   bytea NOT NULL
);

-- Offline digests: at most one notification per conversation and recipient per window. pending_since
-- is the first message the recipient missed since the last digest; a worker on any node sends the
-- digest once it is old enough and the window since last_sent_at has passed.
CREATE TABLE chat_digests
(
    conversation_id uuid        NOT NULL REFERENCES conversations (id),
    recipient_id    uuid        NOT NULL,
    pending_since   timestamptz,
    last_sent_at    timestamptz,
    PRIMARY KEY (conversation_id, recipient_id)
);
CREATE INDEX chat_digests_pending_idx ON chat_digests (pending_since) WHERE pending_since IS NOT NULL;
