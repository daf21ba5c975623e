-- Idempotency keys are now claimed in the transaction of the work they guard. Work that continues after
-- that commit (a provider call) names what it wrote in `reference` and runs under a short lease; a
-- repeat of the request completes the same work once the lease has lapsed.
ALTER TABLE idempotency_keys
    ADD COLUMN reference   text,
    ADD COLUMN lease_until timestamptz;

-- Claims the earlier scheme left without an answer (a crash or a lost connection between the claim and
-- the answer) would otherwise answer "in progress" until they expire: free them, so their clients can retry.
DELETE FROM idempotency_keys WHERE response_status IS NULL;
