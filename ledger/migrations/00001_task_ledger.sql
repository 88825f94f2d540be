-- The task ledger: the facts each task workflow records at its milestones.
-- Temporal stays the source of truth; these tables are its read model.
-- One file serves SQLite and PostgreSQL alike, so it uses only the types and
-- statements both speak. Times are Unix milliseconds (UTC) and durations are
-- milliseconds: integers compare and subtract the same way on both databases.
-- Flags are INTEGER 0 or 1, since SQLite has no boolean type.

-- +goose Up

-- One row per (task, milestone). The key comes from the workflow, so a retried
-- write finds its row and adds nothing; every detail table below hangs off one.
CREATE TABLE milestones (
    task_id       TEXT   NOT NULL,
    milestone_key TEXT   NOT NULL,
    kind          TEXT   NOT NULL,
    at_ms         BIGINT NOT NULL,
    person        TEXT   NOT NULL DEFAULT '',
    note          TEXT   NOT NULL DEFAULT '',
    PRIMARY KEY (task_id, milestone_key)
);
CREATE INDEX milestones_by_kind_at ON milestones (kind, at_ms);

-- One row per task, kept current by its milestones: what it is, where it went,
-- and when it was received, first booked, first acknowledged and closed.
CREATE TABLE tasks (
    task_id              TEXT PRIMARY KEY,
    task_type            TEXT             NOT NULL DEFAULT '',
    team                 TEXT             NOT NULL DEFAULT '',
    bucket               TEXT             NOT NULL DEFAULT '',
    lane                 TEXT             NOT NULL DEFAULT '',
    service_tier         TEXT             NOT NULL DEFAULT '',
    business_unit        TEXT             NOT NULL DEFAULT '',
    rush                 INTEGER          NOT NULL DEFAULT 0,
    score                DOUBLE PRECISION NOT NULL DEFAULT 0,
    requester            TEXT             NOT NULL DEFAULT '',
    campaign             TEXT             NOT NULL DEFAULT '',
    hours_estimated      DOUBLE PRECISION NOT NULL DEFAULT 0,
    manual_minutes       INTEGER          NOT NULL DEFAULT 0,
    received_at_ms       BIGINT,
    booked_at_ms         BIGINT,
    acknowledged_at_ms   BIGINT,
    closed_at_ms         BIGINT,
    outcome              TEXT             NOT NULL DEFAULT 'open',
    closed_by_automation INTEGER          NOT NULL DEFAULT 0,
    hours_actual         DOUBLE PRECISION,
    paused_ms            BIGINT           NOT NULL DEFAULT 0
);
CREATE INDEX tasks_by_closed_at ON tasks (closed_at_ms);

-- Who held the task, from when to when (held_to_ms is empty while they hold it).
CREATE TABLE holders (
    task_id       TEXT   NOT NULL,
    milestone_key TEXT   NOT NULL,
    person        TEXT   NOT NULL,
    held_from_ms  BIGINT NOT NULL,
    held_to_ms    BIGINT,
    PRIMARY KEY (task_id, milestone_key),
    FOREIGN KEY (task_id, milestone_key) REFERENCES milestones (task_id, milestone_key)
);

-- Reassignments, hand-backs and reroutes.
CREATE TABLE handoffs (
    task_id       TEXT   NOT NULL,
    milestone_key TEXT   NOT NULL,
    kind          TEXT   NOT NULL,
    at_ms         BIGINT NOT NULL,
    from_person   TEXT   NOT NULL DEFAULT '',
    to_person     TEXT   NOT NULL DEFAULT '',
    to_team       TEXT   NOT NULL DEFAULT '',
    to_lane       TEXT   NOT NULL DEFAULT '',
    reason        TEXT   NOT NULL DEFAULT '',
    PRIMARY KEY (task_id, milestone_key),
    FOREIGN KEY (task_id, milestone_key) REFERENCES milestones (task_id, milestone_key)
);

-- A task scored again (a severity raise, a re-score): its bucket and lane before and after.
CREATE TABLE reclassifications (
    task_id       TEXT   NOT NULL,
    milestone_key TEXT   NOT NULL,
    at_ms         BIGINT NOT NULL,
    from_bucket   TEXT   NOT NULL,
    to_bucket     TEXT   NOT NULL,
    from_lane     TEXT   NOT NULL,
    to_lane       TEXT   NOT NULL,
    reason        TEXT   NOT NULL DEFAULT '',
    PRIMARY KEY (task_id, milestone_key),
    FOREIGN KEY (task_id, milestone_key) REFERENCES milestones (task_id, milestone_key)
);

-- Each escalation: the condition that triggered it and the level it reached.
CREATE TABLE escalations (
    task_id       TEXT    NOT NULL,
    milestone_key TEXT    NOT NULL,
    at_ms         BIGINT  NOT NULL,
    trigger_name  TEXT    NOT NULL,
    level         INTEGER NOT NULL,
    reason        TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (task_id, milestone_key),
    FOREIGN KEY (task_id, milestone_key) REFERENCES milestones (task_id, milestone_key)
);

-- Each SLA clock once its outcome is known: met (stopped in time) or breached.
CREATE TABLE sla_clocks (
    task_id       TEXT   NOT NULL,
    milestone_key TEXT   NOT NULL,
    clock         TEXT   NOT NULL,
    target        TEXT   NOT NULL,
    budget_ms     BIGINT NOT NULL,
    used_ms       BIGINT NOT NULL,
    paused_ms     BIGINT NOT NULL,
    deadline_ms   BIGINT NOT NULL,
    outcome       TEXT   NOT NULL,
    ended_at_ms   BIGINT NOT NULL,
    PRIMARY KEY (task_id, milestone_key),
    FOREIGN KEY (task_id, milestone_key) REFERENCES milestones (task_id, milestone_key)
);
CREATE INDEX sla_clocks_by_ended_at ON sla_clocks (ended_at_ms);

-- Each automation run the task made: the executor action and whether it failed.
CREATE TABLE automation_attempts (
    task_id       TEXT    NOT NULL,
    milestone_key TEXT    NOT NULL,
    at_ms         BIGINT  NOT NULL,
    executor      TEXT    NOT NULL,
    action        TEXT    NOT NULL,
    failed        INTEGER NOT NULL,
    error         TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (task_id, milestone_key),
    FOREIGN KEY (task_id, milestone_key) REFERENCES milestones (task_id, milestone_key)
);
CREATE INDEX automation_attempts_by_at ON automation_attempts (at_ms);

-- The flow times of completed tasks (DOMAIN.md §11): cycle from received to
-- completed; queue from received to first booked, 0 for automated work never
-- booked, empty for human work that never had a person; response from received
-- to first acknowledged. Paused time stands beside them, not subtracted.
CREATE VIEW task_flow AS
SELECT task_id, task_type, team, lane, closed_at_ms,
       closed_at_ms - received_at_ms AS cycle_ms,
       CASE WHEN booked_at_ms IS NOT NULL THEN booked_at_ms - received_at_ms
            WHEN lane = 'automated' THEN 0
       END AS queue_ms,
       acknowledged_at_ms - received_at_ms AS response_ms,
       paused_ms
FROM tasks
WHERE outcome = 'completed' AND received_at_ms IS NOT NULL AND closed_at_ms IS NOT NULL;

-- +goose Down
DROP VIEW task_flow;
DROP TABLE automation_attempts;
DROP TABLE sla_clocks;
DROP TABLE escalations;
DROP TABLE reclassifications;
DROP TABLE handoffs;
DROP TABLE holders;
DROP TABLE tasks;
DROP TABLE milestones;
