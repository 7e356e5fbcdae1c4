-- Campaign engine database 8.1.510: campaigns have a dial mode.
ALTER TABLE campaign ADD COLUMN dial_mode VARCHAR(16);
UPDATE campaign SET dial_mode = 'predictive';
