-- Who acted on a task, and through what Lanes knew them: each person's action the
-- task applied, accepted or refused, with the identity its door vouched for (a
-- person signed in with the identity provider, an intake system relaying, or an
-- operator acting straight on Temporal). The milestones an accepted action caused
-- share its at_ms.

-- +goose Up
CREATE TABLE actions (
    task_id          TEXT    NOT NULL,
    milestone_key    TEXT    NOT NULL,
    at_ms            BIGINT  NOT NULL,
    action           TEXT    NOT NULL,
    actor            TEXT    NOT NULL DEFAULT '',
    identity_kind    TEXT    NOT NULL,
    identity_subject TEXT    NOT NULL DEFAULT '',
    identity_issuer  TEXT    NOT NULL DEFAULT '',
    identity_system  TEXT    NOT NULL DEFAULT '',
    accepted         INTEGER NOT NULL,
    reason           TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (task_id, milestone_key),
    FOREIGN KEY (task_id, milestone_key) REFERENCES milestones (task_id, milestone_key)
);
CREATE INDEX actions_by_at ON actions (at_ms);

-- +goose Down
DROP TABLE actions;
