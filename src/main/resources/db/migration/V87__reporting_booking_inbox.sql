-- A booking change reached the reporting projection as an event publication of its own: a row written
-- with the booking, a listener transaction per event (about ten statements, each a round trip) and the
-- publication's completion. The load suite measured that at half the cash booking loop's rate. Now the
-- booking's transaction adds one row here (which booking, and what only the event knows: when it was
-- booked, who cancelled it), and one drainer at a time (any node) takes them in batches and writes the
-- read model with a fixed number of statements per batch. A batch that fails is retried row by row; a
-- row that fails alone waits until retry_at and says why in error.

CREATE TABLE report_inbox
(
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    booking_id   uuid        NOT NULL,
    booked_at    timestamptz,
    cancelled_by text,
    attempts     integer     NOT NULL DEFAULT 0,
    retry_at     timestamptz NOT NULL DEFAULT '-infinity',
    error        text
) WITH (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
        autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 5000);

