-- A device's answer used to be an UPDATE of its command's row: H2 rewrote the whole row (command data included) and,
-- as status is in both secondary indexes, moved an entry in each; the answers of a message touch the pages of every
-- device in the group commit, in three trees. Storing the devices' answers was about 70 % of the request threads'
-- time in proxy mode. From here on a command's row is written once, when it is queued; the answer is a row of its
-- own, appended in proxy_answer; what is still to be sent is a narrow row in proxy_pending, deleted when the answer
-- comes (the delete's row count is the "answered once" check). Portable SQL (H2, PostgreSQL).
CREATE TABLE proxy_answer (
    command_id  BIGINT  NOT NULL PRIMARY KEY REFERENCES proxy_command (id),
    status      INT     NOT NULL,          -- the device's status code (408 when it never answered)
    result      BYTEA,                     -- the value a Get brought back
    answered    BIGINT  NOT NULL
);

-- Keyed by the command alone (H2 then keys its rows by it: no hidden row id and second tree to delete from), found by
-- device through the index. No foreign key: a command is deleted only once it is answered, so with no row here.
CREATE TABLE proxy_pending (
    command_id  BIGINT       NOT NULL PRIMARY KEY,
    dev_id      VARCHAR(255) NOT NULL
);
CREATE INDEX proxy_pending_device ON proxy_pending (dev_id);

INSERT INTO proxy_answer (command_id, status, result, answered)
    SELECT id, status, result, COALESCE(answered, queued) FROM proxy_command WHERE status IS NOT NULL;
INSERT INTO proxy_pending (command_id, dev_id) SELECT id, dev_id FROM proxy_command WHERE status IS NULL;

DROP INDEX proxy_command_pending;
DROP INDEX proxy_command_unanswered;
ALTER TABLE proxy_command DROP COLUMN status;
ALTER TABLE proxy_command DROP COLUMN result;
ALTER TABLE proxy_command DROP COLUMN answered;
-- a device's commands newest first (the API, the console); the retention purge by age
CREATE INDEX proxy_command_device ON proxy_command (dev_id, id);
CREATE INDEX proxy_command_queued ON proxy_command (queued);
