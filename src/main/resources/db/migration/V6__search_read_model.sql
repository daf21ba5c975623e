-- The doctor search read model: only verified, active doctors, fed by events from the doctors module.
CREATE EXTENSION IF NOT EXISTS cube;
CREATE EXTENSION IF NOT EXISTS earthdistance;
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE search_doctors
(
    doctor_id              uuid        NOT NULL PRIMARY KEY,
    name                   text        NOT NULL,
    -- name, specialty codes and names, lower-cased and without accents (normalised in Java)
    search_text            text        NOT NULL,
    specialties            text[]      NOT NULL,
    languages              text[]      NOT NULL,
    consultation_types     text[]      NOT NULL,
    fees                   jsonb       NOT NULL,
    min_fee_minor          bigint      NOT NULL,
    rating                 numeric(3, 2),
    review_count           int         NOT NULL DEFAULT 0,
    time_zone              text        NOT NULL,
    minimum_notice_minutes int         NOT NULL,
    slots_refreshed_at     timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL
);
CREATE INDEX search_doctors_specialties_idx ON search_doctors USING gin (specialties);
CREATE INDEX search_doctors_languages_idx ON search_doctors USING gin (languages);
CREATE INDEX search_doctors_text_idx ON search_doctors USING gin (search_text gin_trgm_ops);
CREATE INDEX search_doctors_refresh_idx ON search_doctors (slots_refreshed_at);

-- One point per (location, specialty), plus one per location under '*', so "nearest of one specialty"
-- is a single GiST range scan on (specialty, position).
CREATE TABLE search_points
(
    location_id uuid             NOT NULL,
    specialty   text             NOT NULL,
    doctor_id   uuid             NOT NULL REFERENCES search_doctors (doctor_id) ON DELETE CASCADE,
    latitude    double precision NOT NULL,
    longitude   double precision NOT NULL,
    position    earth            NOT NULL,
    PRIMARY KEY (location_id, specialty)
);
CREATE INDEX search_points_position_idx ON search_points USING gist (specialty, position);
CREATE INDEX search_points_doctor_idx ON search_points (doctor_id);

-- Free slots for the coming weeks, for "available between" filters and "next available".
CREATE TABLE search_slots
(
    doctor_id uuid        NOT NULL REFERENCES search_doctors (doctor_id) ON DELETE CASCADE,
    starts_at timestamptz NOT NULL,
    type      text        NOT NULL,
    PRIMARY KEY (doctor_id, starts_at, type)
);
