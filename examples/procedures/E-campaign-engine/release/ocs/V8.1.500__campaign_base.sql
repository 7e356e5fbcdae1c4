-- Campaign engine database 8.1.500: options, campaigns, and the history of the nodes' storage files.
CREATE TABLE ocs_option (
    name VARCHAR(64) NOT NULL PRIMARY KEY,
    val  VARCHAR(64) NOT NULL
);

CREATE TABLE campaign (
    id     INTEGER     NOT NULL PRIMARY KEY,
    name   VARCHAR(64) NOT NULL,
    status VARCHAR(16) NOT NULL
);

-- STATUS_CODE: below 30 not yet processed, 30 processed, 40 to be ignored.
CREATE TABLE storage_history (
    id          INTEGER     NOT NULL PRIMARY KEY,
    node        VARCHAR(32) NOT NULL,
    file_name   VARCHAR(64) NOT NULL,
    status_code INTEGER     NOT NULL
);
