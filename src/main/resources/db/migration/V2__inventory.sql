-- Devices behind the gateway and their groups (GwMO-DI-001, GwMO-Group-001). Portable SQL (H2 and PostgreSQL).
CREATE TABLE device (
    dev_id         VARCHAR(255)  PRIMARY KEY,
    node_name      VARCHAR(768)  NOT NULL UNIQUE,
    local_id       BOOLEAN       NOT NULL,
    man            VARCHAR(255),
    model          VARCHAR(255),
    fw_v           VARCHAR(255),
    mode           VARCHAR(16)   NOT NULL,
    protocol       VARCHAR(64),
    status         VARCHAR(16)   NOT NULL,
    address        VARCHAR(1024),
    public_address VARCHAR(1024),
    last_seen      BIGINT,
    server_ids     VARCHAR(4096) NOT NULL,
    profile        VARCHAR(255),
    auth_name      VARCHAR(255),
    auth_secret    VARCHAR(1024),
    created        BIGINT        NOT NULL
);
CREATE INDEX device_status ON device (status);
CREATE INDEX device_mode ON device (mode);
CREATE INDEX device_model ON device (model);

CREATE TABLE device_group (
    name         VARCHAR(255) PRIMARY KEY,
    display_name VARCHAR(255) NOT NULL,
    created      BIGINT       NOT NULL
);

CREATE TABLE group_member (
    group_name  VARCHAR(255) NOT NULL REFERENCES device_group (name) ON DELETE CASCADE,
    member_node VARCHAR(255) NOT NULL,
    dev_id      VARCHAR(255) NOT NULL REFERENCES device (dev_id) ON DELETE CASCADE,
    PRIMARY KEY (group_name, member_node)
);
CREATE INDEX group_member_device ON group_member (dev_id);
