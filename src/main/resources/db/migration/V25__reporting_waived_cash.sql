-- Cash the doctor waived is no longer due. Kept apart from report_bookings so the fact holds whichever
-- of the booking's and the settlement's events the projection sees first.
CREATE TABLE report_cash_waived
(
    booking_id uuid PRIMARY KEY,
    waived_at  timestamptz NOT NULL
);
