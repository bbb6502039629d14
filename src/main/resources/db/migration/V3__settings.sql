-- Gateway settings the DM server manages through ./GwMO/GwConfig (GwMO-MOO-001).
CREATE TABLE gw_setting (
    name  VARCHAR(64)   PRIMARY KEY,
    setting_value VARCHAR(1024) NOT NULL
);
