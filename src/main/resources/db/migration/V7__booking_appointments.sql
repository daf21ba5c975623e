-- Appointments. PostgreSQL itself forbids a double booking: no two active appointments may overlap
-- for one doctor, nor for one patient, whatever path writes them.
CREATE TABLE appointments
(
    id                      uuid        NOT NULL PRIMARY KEY,
    patient_id              uuid        NOT NULL,
    doctor_id               uuid        NOT NULL,
    status                  text        NOT NULL CHECK (status IN ('PENDING_PAYMENT', 'PENDING_APPROVAL', 'CONFIRMED',
                                                                   'CANCELLED', 'COMPLETED', 'NO_SHOW', 'EXPIRED')),
    starts_at               timestamptz NOT NULL,
    ends_at                 timestamptz NOT NULL,
    type                    text        NOT NULL,
    location_id             uuid,
    time_zone               text        NOT NULL,
    reason_enc              bytea,
    payment_method          text        NOT NULL CHECK (payment_method IN ('STRIPE', 'PAYPAL', 'CASH')),
    amount_minor            bigint      NOT NULL CHECK (amount_minor >= 0),
    currency                text        NOT NULL,
    hold_expires_at         timestamptz,
    free_cancellation_until timestamptz NOT NULL,
    requires_approval       boolean     NOT NULL,
    cancelled_by            text,
    cancellation_reason     text,
    rebooked_from           uuid REFERENCES appointments (id),
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,
    version                 int         NOT NULL DEFAULT 0,
    CHECK (ends_at > starts_at),
    CONSTRAINT appointments_doctor_no_overlap EXCLUDE USING gist (doctor_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
        WHERE (status IN ('PENDING_PAYMENT', 'PENDING_APPROVAL', 'CONFIRMED')),
    CONSTRAINT appointments_patient_no_overlap EXCLUDE USING gist (patient_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
        WHERE (status IN ('PENDING_PAYMENT', 'PENDING_APPROVAL', 'CONFIRMED'))
);
CREATE INDEX appointments_patient_idx ON appointments (patient_id, starts_at DESC);
CREATE INDEX appointments_doctor_idx ON appointments (doctor_id, starts_at);
CREATE INDEX appointments_holds_idx ON appointments (hold_expires_at) WHERE status = 'PENDING_PAYMENT';

-- Every change of time, kept (a reschedule keeps the appointment id).
CREATE TABLE appointment_changes
(
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    appointment_id uuid        NOT NULL REFERENCES appointments (id),
    changed_at     timestamptz NOT NULL,
    actor_id       uuid,
    change         text        NOT NULL,
    old_starts_at  timestamptz,
    new_starts_at  timestamptz,
    note           text
);
CREATE INDEX appointment_changes_appointment_idx ON appointment_changes (appointment_id, id);

-- Per-doctor booking policy, within platform limits; copied onto each booking when it is made.
CREATE TABLE booking_policies
(
    doctor_id                   uuid NOT NULL PRIMARY KEY,
    free_cancellation_hours     int  NOT NULL CHECK (free_cancellation_hours BETWEEN 0 AND 168),
    requires_approval           boolean NOT NULL DEFAULT false
);
