CREATE TABLE specialties
(
    code       text        NOT NULL PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9-]{1,49}$'),
    name       text        NOT NULL,
    created_at timestamptz NOT NULL
);

INSERT INTO specialties (code, name, created_at)
VALUES ('general-practice', 'General practice', now()),
       ('cardiology', 'Cardiology', now()),
       ('dermatology', 'Dermatology', now()),
       ('pediatrics', 'Pediatrics', now()),
       ('gynecology', 'Gynecology', now()),
       ('orthopedics', 'Orthopedics', now()),
       ('psychiatry', 'Psychiatry', now()),
       ('psychotherapy', 'Psychotherapy', now()),
       ('neurology', 'Neurology', now()),
       ('ophthalmology', 'Ophthalmology', now()),
       ('otolaryngology', 'Ear, nose and throat', now()),
       ('dentistry', 'Dentistry', now()),
       ('endocrinology', 'Endocrinology', now()),
       ('gastroenterology', 'Gastroenterology', now()),
       ('urology', 'Urology', now()),
       ('pulmonology', 'Pulmonology', now()),
       ('allergology', 'Allergology', now()),
       ('oncology', 'Oncology', now()),
       ('radiology', 'Radiology', now()),
       ('physiotherapy', 'Physiotherapy', now());

-- The doctor's id is their user id (identity module).
CREATE TABLE doctors
(
    id                     uuid        NOT NULL PRIMARY KEY,
    name                   text        NOT NULL,
    email                  text        NOT NULL,
    phone_enc              bytea,
    time_zone              text        NOT NULL,
    bio                    text,
    licence_number         text        NOT NULL,
    languages              text[]      NOT NULL,
    consultation_types     text[]      NOT NULL,
    fees                   jsonb       NOT NULL,
    verification           text        NOT NULL CHECK (verification IN ('PENDING', 'VERIFIED', 'REJECTED')),
    rejection_reason       text,
    suspended              boolean     NOT NULL DEFAULT false,
    minimum_notice_minutes int         NOT NULL DEFAULT 120,
    horizon_days           int         NOT NULL DEFAULT 60,
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL,
    version                int         NOT NULL DEFAULT 0
);
CREATE INDEX doctors_verification_idx ON doctors (verification, created_at DESC);

CREATE TABLE doctor_specialties
(
    doctor_id      uuid NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    specialty_code text NOT NULL REFERENCES specialties (code),
    PRIMARY KEY (doctor_id, specialty_code)
);

CREATE TABLE doctor_locations
(
    id             uuid             NOT NULL PRIMARY KEY,
    doctor_id      uuid             NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    name           text             NOT NULL,
    address        text             NOT NULL,
    latitude       double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude      double precision CHECK (longitude BETWEEN -180 AND 180),
    geocode_status text             NOT NULL CHECK (geocode_status IN ('RESOLVED', 'MANUAL', 'FAILED')),
    geocode_error  text,
    position       int              NOT NULL,
    CHECK ((latitude IS NULL) = (longitude IS NULL))
);
CREATE INDEX doctor_locations_doctor_idx ON doctor_locations (doctor_id, position);
CREATE INDEX doctor_locations_unresolved_idx ON doctor_locations (doctor_id) WHERE geocode_status = 'FAILED';

-- Geocoding answers (including "no such place") are cached; throttling and outages are not.
CREATE TABLE geocode_cache
(
    query_hash        bytea            NOT NULL PRIMARY KEY,
    status            text             NOT NULL,
    latitude          double precision,
    longitude         double precision,
    formatted_address text,
    cached_at         timestamptz      NOT NULL
);

-- Weekly wall-clock rules in the doctor's zone.
CREATE TABLE availability_rules
(
    id             uuid     NOT NULL PRIMARY KEY,
    doctor_id      uuid     NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    day_of_week    smallint NOT NULL CHECK (day_of_week BETWEEN 1 AND 7),
    start_time     time     NOT NULL,
    end_time       time     NOT NULL,
    slot_minutes   int      NOT NULL CHECK (slot_minutes BETWEEN 5 AND 480),
    buffer_minutes int      NOT NULL CHECK (buffer_minutes BETWEEN 0 AND 240),
    type           text     NOT NULL CHECK (type IN ('IN_PERSON', 'VIDEO')),
    location_id    uuid REFERENCES doctor_locations (id),
    CHECK (end_time > start_time)
);
CREATE INDEX availability_rules_doctor_idx ON availability_rules (doctor_id);

-- A date with different hours; no start/end means closed that day.
CREATE TABLE availability_overrides
(
    id             uuid NOT NULL PRIMARY KEY,
    doctor_id      uuid NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    on_date        date NOT NULL,
    start_time     time,
    end_time       time,
    slot_minutes   int,
    buffer_minutes int,
    type           text,
    location_id    uuid REFERENCES doctor_locations (id),
    CHECK ((start_time IS NULL) = (end_time IS NULL)),
    CHECK (start_time IS NULL OR end_time > start_time)
);
CREATE INDEX availability_overrides_doctor_idx ON availability_overrides (doctor_id, on_date);

CREATE TABLE time_off
(
    id        uuid        NOT NULL PRIMARY KEY,
    doctor_id uuid        NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    starts_at timestamptz NOT NULL,
    ends_at   timestamptz NOT NULL,
    reason    text,
    CHECK (ends_at > starts_at)
);
CREATE INDEX time_off_doctor_idx ON time_off (doctor_id, starts_at);
