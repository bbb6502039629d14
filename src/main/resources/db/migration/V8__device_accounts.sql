-- What the gateway, as DM server of a proxy-mode device, shares with that device beyond its client credentials
-- (device.auth_name/auth_secret): the scheme both sides use, the gateway's ServerID and SRVCRED secret in the
-- device's DMAcc (the gateway proves itself with them and signs the Package 0 that wakes the device), and the nonces
-- each side must use next. Nonces are b64; they are kept so that a restart does not cost every device a challenge.
CREATE TABLE device_account (
    dev_id        VARCHAR(255)  NOT NULL PRIMARY KEY,
    auth_type     VARCHAR(8)    NOT NULL,   -- basic, md5, hmac
    server_id     VARCHAR(255),
    server_secret VARCHAR(1024),
    client_nonce  VARCHAR(64),              -- the device uses it next (we gave it in a Chal)
    server_nonce  VARCHAR(64)               -- the gateway uses it next (the device gave it in a Chal)
);

-- the expiry sweep looks for unanswered commands by age
CREATE INDEX proxy_command_unanswered ON proxy_command (status, queued);
