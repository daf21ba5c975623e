-- Video visits of VIDEO bookings. A visit row appears when the first participant joins; until then
-- the booking alone says when the visit opens and closes.
CREATE TABLE visits
(
    booking_id  uuid        NOT NULL PRIMARY KEY,
    doctor_id   uuid        NOT NULL,
    patient_id  uuid        NOT NULL,
    admitted_at timestamptz,
    ended_at    timestamptz,
    ended_by    uuid,
    created_at  timestamptz NOT NULL
);

-- Every join and leave, with its time: what the doctor sees before completing the booking or marking
-- a no-show. A row without left_at is a presence that still lasts.
CREATE TABLE visit_attendance
(
    id         uuid        NOT NULL PRIMARY KEY,
    booking_id uuid        NOT NULL REFERENCES visits (booking_id),
    user_id    uuid        NOT NULL,
    role       text        NOT NULL CHECK (role IN ('PATIENT', 'DOCTOR')),
    session_id text,
    joined_at  timestamptz NOT NULL,
    left_at    timestamptz,
    CHECK (left_at IS NULL OR left_at >= joined_at)
);
CREATE INDEX visit_attendance_booking_idx ON visit_attendance (booking_id, joined_at);
CREATE INDEX visit_attendance_open_session_idx ON visit_attendance (session_id) WHERE left_at IS NULL;
