-- Images kept on the gateway for the devices behind it (GwMO-DCIS-001/002/003). The bytes are files named by their
-- SHA-256 under gateway.data-dir/images, stored once however many entries use them; here, what is stored and the
-- ./GwMO/ImageInventory entries that refer to it. Portable SQL.
CREATE TABLE image_blob (
    sha256  VARCHAR(64) PRIMARY KEY,
    size    BIGINT      NOT NULL,
    stored  BIGINT      NOT NULL
);

CREATE TABLE image_entry (
    entry_id     VARCHAR(255)  PRIMARY KEY,  -- the <i> of ./GwMO/ImageInventory/<i>
    image_id     VARCHAR(255),               -- ID: the server's name for the package
    source       VARCHAR(2048),              -- Source: where Operations/Download fetches it from
    want_sha256  VARCHAR(64),                -- what the server said it hashes to, checked on ingest
    want_size    BIGINT,                     -- what the server said its size is, checked on ingest
    sha256       VARCHAR(64) REFERENCES image_blob (sha256),  -- set once stored
    status       VARCHAR(16)   NOT NULL,     -- empty, downloading, stored, failed
    detail       VARCHAR(1024),              -- why it failed
    correlator   VARCHAR(255),               -- of the Download Exec, for its ImageStored alert (also after a restart)
    created      BIGINT        NOT NULL,
    updated      BIGINT        NOT NULL
);
CREATE INDEX image_entry_sha256 ON image_entry (sha256);
