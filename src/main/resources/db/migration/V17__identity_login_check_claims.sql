-- Password checks under way per e-mail: a check is claimed before the password is hashed, so
-- simultaneous guesses cannot outrun the lockout. Claims of a node that died expire on their own.
ALTER TABLE login_failures
    ADD COLUMN checks_in_flight  int NOT NULL DEFAULT 0,
    ADD COLUMN checks_expire_at  timestamptz,
    ALTER COLUMN last_failure_at DROP NOT NULL;
