CREATE TABLE payments
(
    id              uuid        NOT NULL PRIMARY KEY,
    booking_id      uuid        NOT NULL UNIQUE,
    patient_id      uuid        NOT NULL,
    doctor_id       uuid        NOT NULL,
    method          text        NOT NULL CHECK (method IN ('STRIPE', 'PAYPAL', 'CASH')),
    status          text        NOT NULL CHECK (status IN ('PENDING', 'AUTHORIZED', 'CAPTURED', 'DUE', 'PAID', 'WAIVED',
                                                           'FAILED', 'REFUND_PENDING', 'REFUNDED', 'PARTIALLY_REFUNDED',
                                                           'CANCELLED')),
    amount_minor    bigint      NOT NULL,
    refunded_minor  bigint      NOT NULL DEFAULT 0,
    currency        text        NOT NULL,
    provider_ref    text,
    capture_ref     text,
    client_secret   text,
    approval_url    text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         int         NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX payments_provider_ref_uq ON payments (method, provider_ref) WHERE provider_ref IS NOT NULL;
CREATE INDEX payments_patient_idx ON payments (patient_id, created_at DESC);
CREATE INDEX payments_doctor_idx ON payments (doctor_id, created_at DESC);
CREATE INDEX payments_status_idx ON payments (status, created_at DESC);

-- The ledger: every attempt, authorisation, capture, refund and dispute, append-only.
CREATE TABLE payment_ledger
(
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payment_id    uuid        NOT NULL REFERENCES payments (id),
    recorded_at   timestamptz NOT NULL,
    entry         text        NOT NULL,
    amount_minor  bigint      NOT NULL,
    currency      text        NOT NULL,
    provider_ref  text,
    note          text
);
CREATE INDEX payment_ledger_payment_idx ON payment_ledger (payment_id, id);

CREATE FUNCTION payment_ledger_append_only() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'payment_ledger is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER payment_ledger_no_update_delete
    BEFORE UPDATE OR DELETE ON payment_ledger
    FOR EACH ROW EXECUTE FUNCTION payment_ledger_append_only();

-- Each provider event is processed once, however often or concurrently it is delivered.
CREATE TABLE webhook_events
(
    provider     text        NOT NULL,
    event_id     text        NOT NULL,
    event_type   text        NOT NULL,
    received_at  timestamptz NOT NULL,
    PRIMARY KEY (provider, event_id)
);

CREATE TABLE disputes
(
    id             uuid        NOT NULL PRIMARY KEY,
    payment_id     uuid        NOT NULL REFERENCES payments (id),
    provider_ref   text        NOT NULL UNIQUE,
    status         text        NOT NULL,
    reason         text,
    amount_minor   bigint      NOT NULL,
    currency       text        NOT NULL,
    evidence_due_by timestamptz,
    note           text,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);
CREATE INDEX disputes_status_idx ON disputes (status, evidence_due_by);
