-- Reads of a patient's data by someone else are audit events too (action 'patient-data.read');
-- the patient they concern gets a column of its own so a patient's access log and the back
-- office's per-patient filter are one index range. Adding a column changes no existing row.
ALTER TABLE audit_events ADD COLUMN patient_id uuid;
CREATE INDEX audit_events_patient_idx ON audit_events (patient_id, occurred_at DESC, id DESC)
    WHERE patient_id IS NOT NULL;
