-- A fanout job's retry policy (GwMO-FORA-001): how many times each device has been tried and failed with a status
-- the policy retries, written before the device is tried again, so that a job resumed after a restart does not try a
-- device more often than its policy allows. Only devices that failed have a row.
CREATE TABLE fanout_attempt (
    job_id    VARCHAR(255) NOT NULL REFERENCES fanout_job (job_id) ON DELETE CASCADE,
    seq       INT          NOT NULL,
    failures  INT          NOT NULL,
    PRIMARY KEY (job_id, seq)
);
