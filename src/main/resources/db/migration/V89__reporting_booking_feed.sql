-- The reports read booking changes from the booking change feed (V88) instead of a queue row written
-- with each booking: one position per reader, moved in the transaction that writes what it read. The
-- writer of the reports is 'bookings'; report_inbox stays for changes that failed on their own and wait
-- to be tried again (and for any queued before this migration).

CREATE TABLE report_feed
(
    reader        text PRIMARY KEY,
    after_tx      xid8 NOT NULL,
    after_booking uuid NOT NULL
);

INSERT INTO report_feed (reader, after_tx, after_booking)
VALUES ('bookings', '0', '00000000-0000-0000-0000-000000000000');
