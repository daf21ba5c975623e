-- Live delivery of chat messages, per conversation, in seq order and once: pushed_seq is the last
-- message pushed to the participants' sockets. A node pushes only while it holds this row's lock
-- (after the messages committed), pushes every message after pushed_seq in order, and moves it on
-- in the same transaction; so pushes of one conversation never overtake each other, whichever node
-- stored the message. A row of its own, not a column of conversations: senders hold the
-- conversation's row while they store, and pushing must not wait for them.
CREATE TABLE chat_push_cursors
(
    conversation_id uuid   NOT NULL PRIMARY KEY REFERENCES conversations (id),
    pushed_seq      bigint NOT NULL DEFAULT 0 CHECK (pushed_seq >= 0)
);

-- what was sent before this table existed was pushed (or missed) already
INSERT INTO chat_push_cursors (conversation_id, pushed_seq)
SELECT id, last_seq FROM conversations;
