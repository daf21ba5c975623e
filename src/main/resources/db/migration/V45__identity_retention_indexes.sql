-- The retention job deletes refresh tokens that expired or were revoked long enough ago, and one-time
-- codes long expired, in small batches; these indexes find them without reading the whole table.
CREATE INDEX refresh_tokens_expires_idx ON refresh_tokens (expires_at);
CREATE INDEX refresh_tokens_revoked_idx ON refresh_tokens (revoked_at) WHERE revoked_at IS NOT NULL;
CREATE INDEX one_time_codes_expires_idx ON one_time_codes (expires_at);
