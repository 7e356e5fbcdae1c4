-- Campaign engine database 8.5.000: campaigns run in campaign groups; every existing campaign gets its own.
CREATE TABLE campaign_group (
    id          INTEGER     NOT NULL PRIMARY KEY,
    campaign_id INTEGER     NOT NULL,
    name        VARCHAR(64) NOT NULL
);
INSERT INTO campaign_group (id, campaign_id, name) SELECT id, id, name FROM campaign;
