-- Evidence sent to the provider for a dispute, and when staff were reminded of its due date.
ALTER TABLE disputes ADD COLUMN due_reminded_at timestamptz;
CREATE INDEX disputes_due_reminder_idx ON disputes (evidence_due_by) WHERE due_reminded_at IS NULL;

CREATE TABLE dispute_evidence
(
    id         uuid        NOT NULL PRIMARY KEY,
    dispute_id uuid        NOT NULL REFERENCES disputes (id),
    text       text,
    file_ids   text[]      NOT NULL,
    file_names text[]      NOT NULL,
    submitted  boolean     NOT NULL,
    actor_id   uuid        NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX dispute_evidence_dispute_idx ON dispute_evidence (dispute_id, created_at);
