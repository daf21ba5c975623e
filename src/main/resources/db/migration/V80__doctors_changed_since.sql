-- Nodes that keep doctors' profiles in memory (the notices' names and zones) ask which doctors
-- changed since they last looked, so a change made on another node, an erasure above all, reaches
-- them with their next batch instead of when their copy would have expired.
CREATE INDEX doctors_updated_idx ON doctors (updated_at);
