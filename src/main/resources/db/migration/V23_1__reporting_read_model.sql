-- Reporting read model, fed by events after commit (never read by the modules that feed it).
-- One row per booking as it stands now.
CREATE TABLE report_bookings
(
    booking_id     uuid        NOT NULL PRIMARY KEY,
    doctor_id      uuid        NOT NULL,
    patient_id     uuid        NOT NULL,
    status         text        NOT NULL,
    type           text        NOT NULL,
    payment_method text        NOT NULL,
    amount_minor   bigint      NOT NULL,
    currency       text        NOT NULL,
    time_zone      text        NOT NULL,
    booked_at      timestamptz NOT NULL,
    starts_at      timestamptz NOT NULL,
    cancelled_by   text,
    updated_at     timestamptz NOT NULL
);
CREATE INDEX report_bookings_doctor_idx ON report_bookings (doctor_id, starts_at);
CREATE INDEX report_bookings_starts_idx ON report_bookings (starts_at) INCLUDE (status, booked_at);

-- Money that moved: captures, refunds and cash collected, one row per payment event.
CREATE TABLE report_money
(
    event_id       uuid        NOT NULL PRIMARY KEY,
    booking_id     uuid        NOT NULL,
    doctor_id      uuid        NOT NULL,
    kind           text        NOT NULL CHECK (kind IN ('CAPTURE', 'REFUND', 'CASH_PAID')),
    payment_method text        NOT NULL,
    type           text        NOT NULL,
    amount_minor   bigint      NOT NULL,
    currency       text        NOT NULL,
    occurred_at    timestamptz NOT NULL
);
CREATE INDEX report_money_doctor_idx ON report_money (doctor_id, occurred_at);
CREATE INDEX report_money_time_idx ON report_money (occurred_at);

CREATE TABLE report_reviews
(
    review_id  uuid        NOT NULL PRIMARY KEY,
    doctor_id  uuid        NOT NULL,
    rating     smallint    NOT NULL,
    hidden     boolean     NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL
);
CREATE INDEX report_reviews_doctor_idx ON report_reviews (doctor_id, created_at);
CREATE INDEX report_reviews_time_idx ON report_reviews (created_at);

CREATE TABLE report_doctors
(
    doctor_id   uuid        NOT NULL PRIMARY KEY,
    specialties text[]      NOT NULL,
    cities      text[]      NOT NULL,
    bookable    boolean     NOT NULL,
    created_at  timestamptz NOT NULL,
    verified_at timestamptz
);

CREATE TABLE report_patients
(
    patient_id    uuid        NOT NULL PRIMARY KEY,
    registered_at timestamptz NOT NULL
);
CREATE INDEX report_patients_time_idx ON report_patients (registered_at);
