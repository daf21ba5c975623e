-- Reviews of completed visits: one per booking, the doctor's one reply, moderation, reports.
CREATE TABLE reviews
(
    id             uuid        NOT NULL PRIMARY KEY,
    booking_id     uuid        NOT NULL UNIQUE,
    doctor_id      uuid        NOT NULL,
    patient_id     uuid        NOT NULL,
    rating         smallint    NOT NULL CHECK (rating BETWEEN 1 AND 5),
    text           text,
    anonymous      boolean     NOT NULL DEFAULT false,
    visit_start    timestamptz NOT NULL,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    reply_text     text,
    replied_at     timestamptz,
    hidden         boolean     NOT NULL DEFAULT false,
    hidden_reason  text,
    moderated_by   uuid,
    moderated_at   timestamptz
);
-- The public list and the average read only visible reviews of one doctor.
CREATE INDEX reviews_doctor_visible_idx ON reviews (doctor_id, created_at DESC) WHERE NOT hidden;
CREATE INDEX reviews_doctor_idx ON reviews (doctor_id, created_at DESC);

CREATE TABLE review_reports
(
    review_id   uuid        NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    reporter_id uuid        NOT NULL,
    reason      text        NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (review_id, reporter_id)
);

-- The one figure shown on the profile and in search: recomputed in the transaction that changes a review.
CREATE TABLE doctor_ratings
(
    doctor_id    uuid         NOT NULL PRIMARY KEY,
    review_count int          NOT NULL,
    rating_sum   bigint       NOT NULL,
    average      numeric(2, 1),
    updated_at   timestamptz  NOT NULL
);

-- Each completed visit invites its patient to review it once, a while after completion.
CREATE TABLE review_invitations
(
    booking_id uuid        NOT NULL PRIMARY KEY,
    doctor_id  uuid        NOT NULL,
    patient_id uuid        NOT NULL,
    due_at     timestamptz NOT NULL,
    sent_at    timestamptz
);
CREATE INDEX review_invitations_due_idx ON review_invitations (due_at) WHERE sent_at IS NULL;
