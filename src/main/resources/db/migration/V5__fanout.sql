-- Fanout jobs and their per-device results (GwMO-FORA-001/002): a job survives a restart, its results are written
-- as they arrive, and a job whose consolidated alert is queued is never completed twice. Portable SQL.
CREATE TABLE fanout_job (
    job_id      VARCHAR(255) PRIMARY KEY,
    spec        BYTEA        NOT NULL,   -- JSON: targets and commands, as the server or operator gave them
    status      VARCHAR(16)  NOT NULL,   -- created, running, completed, cancelled
    correlator  VARCHAR(255),
    server_id   VARCHAR(255),
    timeout_ms  BIGINT       NOT NULL,
    total       INT          NOT NULL,
    created     BIGINT       NOT NULL,
    started     BIGINT,
    deadline    BIGINT,
    finished    BIGINT
);
CREATE INDEX fanout_job_status ON fanout_job (status);

-- One row per target device from the start of the job; status NULL until the device has answered.
CREATE TABLE fanout_result (
    job_id    VARCHAR(255)  NOT NULL REFERENCES fanout_job (job_id) ON DELETE CASCADE,
    seq       INT           NOT NULL,
    dev_id    VARCHAR(255)  NOT NULL,
    conn_key  VARCHAR(1100) NOT NULL,
    status    INT,
    data      BYTEA,
    answered  BIGINT,
    PRIMARY KEY (job_id, seq)
);
CREATE INDEX fanout_result_pending ON fanout_result (job_id, status);
