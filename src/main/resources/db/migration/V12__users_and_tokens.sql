-- The operator API's users and API tokens (secure by default: nothing anonymous but health and the DM faces).
-- Passwords are bcrypt hashes; tokens are kept as the SHA-256 (hex) of their secret, shown once when made.
CREATE TABLE app_user (
    name          VARCHAR(64)  NOT NULL PRIMARY KEY,
    password_hash VARCHAR(100) NOT NULL,
    role          VARCHAR(16)  NOT NULL,   -- viewer, operator, admin
    created       BIGINT       NOT NULL,
    disabled      BOOLEAN      DEFAULT FALSE NOT NULL
);

CREATE TABLE api_token (
    id        VARCHAR(32)  NOT NULL PRIMARY KEY,
    name      VARCHAR(128) NOT NULL,
    owner     VARCHAR(64)  NOT NULL,
    role      VARCHAR(16)  NOT NULL,
    hash      VARCHAR(64)  NOT NULL UNIQUE,
    created   BIGINT       NOT NULL,
    expires   BIGINT,
    revoked   BOOLEAN      DEFAULT FALSE NOT NULL
);
