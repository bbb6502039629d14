-- The nonce the gateway hands a proxy-mode device is kept in memory only from here on (a restart forgets it, and the
-- device is challenged once): the column is no longer read or written, and the nonces stored before are dropped.
UPDATE device_account SET client_nonce = NULL;
