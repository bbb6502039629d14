-- Filtered pages are ordered by dev_id: indexes that end in dev_id serve filter, order and offset together
-- (a page of 100 among 100,000 devices, issue 4's scale target).
CREATE INDEX device_status_mode_id ON device (status, mode, dev_id);
CREATE INDEX device_mode_id ON device (mode, dev_id);
CREATE INDEX device_model_id ON device (model, dev_id);
