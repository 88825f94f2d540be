package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ledger"
)

// The flow report of threeTasks, figure by figure: the review took 4h (queue 30m,
// response 1h); the bot's check 2m (response 1m, never queued); the failed check,
// rerouted to people and so in the human lane, 5h (queue 5m, response 10m). The
// failed check lost its resolution clock; one check in two the bot closed alone,
// saving its 15 minutes; the reroute is one handoff over two checks, and rework,
// as it came after the bot's failure; the review's and omar's touches are an
// acknowledgement and a completion each. All three completed in the week of 2 March.
func TestFlowReport(t *testing.T) {
	store := ledgerOf(t, threeTasks())
	r, err := Flow(context.Background(), store, Scope{Period: march2026, Zone: zone, Filter: ledger.Filter{Team: "marketing-ops"}, At: march(20, 12, 0)})
	require.NoError(t, err)
	var text bytes.Buffer
	require.NoError(t, WriteText(&text, r))
	assert.Equal(t, `Flow report for marketing-ops, Sun 1 Mar 2026 to Tue 31 Mar 2026 (UTC-5); read Fri 20 Mar 2026 12:00 UTC-5

Cycle, queue and response times by task type and lane (p50 and p90; paused time beside, not subtracted)
  TASK TYPE                    LANE       COMPLETED  CYCLE P50  CYCLE P90  QUEUE P50  QUEUE P90  RESPONSE P50  RESPONSE P90  PAUSED P50  PAUSED P90
  creative-stakeholder-review  human      1          4h         4h         30m        30m        1h            1h            0s          0s
  utm-naming-validation        automated  1          2m         2m         0s         0s         1m            1m            0s          0s
  utm-naming-validation        human      1          5h         5h         5m         5m         10m           10m           0s          0s

SLA attainment by task type, team and clock: met ÷ (met + breached), over the clocks that ended in the period
  TASK TYPE                    TEAM           CLOCK       MET  BREACHED  ATTAINMENT
  creative-stakeholder-review  marketing-ops  resolution  1    0         100%
  creative-stakeholder-review  marketing-ops  response    1    0         100%
  utm-naming-validation        marketing-ops  resolution  1    1         50%
  utm-naming-validation        marketing-ops  response    2    0         100%

Automation rate (closed by automation with no person's work step ÷ completed) and manual minutes saved
  TASK TYPE                    TEAM           COMPLETED  BY AUTOMATION  RATE  MINUTES SAVED
  creative-stakeholder-review  marketing-ops  1          0              0%    0
  utm-naming-validation        marketing-ops  2          1              50%   15

Throughput (tasks completed) and backlog (tasks open at the week's end) per ISO week
  WEEK FROM        TO                COMPLETED  BACKLOG
  Sun 1 Mar 2026   Mon 2 Mar 00:00   0          0
  Mon 2 Mar 2026   Mon 9 Mar 00:00   3          0
  Mon 9 Mar 2026   Mon 16 Mar 00:00  0          0
  Mon 16 Mar 2026  Mon 23 Mar 00:00  0          0
  Mon 23 Mar 2026  Mon 30 Mar 00:00  0          0
  Mon 30 Mar 2026  Wed 1 Apr 00:00   0          0

SLA breaches by task type and team, and the fallbacks run after a lost resolution
  TASK TYPE              TEAM           RESPONSE  RESOLUTION  DEFERRED  REROUTED  PAUSED
  utm-naming-validation  marketing-ops  0         1           0         0         0

How work moved, climbed and came back, by task type and team, over the tasks completed in the period
  TASK TYPE                    TEAM           COMPLETED  HANDOFFS/TASK  REROUTED  ESCALATED  TOP L1  TOP L2  TOP L3  TRIGGERS  TOUCHES  TOUCHES/TASK  REWORK
  creative-stakeholder-review  marketing-ops  1          0              0%        0%         0       0       0       -         2        2             0%
  utm-naming-validation        marketing-ops  2          0.5            50%       0%         0       0       0       -         2        1             50%

Automation runs and the failures that became a person's exception, by executor action, most failures first
  EXECUTOR  ACTION        RUNS  FAILED  FAILURE RATE
  rpa       utm-validate  2     1       50%
`, text.String())

	var csv bytes.Buffer
	require.NoError(t, WriteCSV(&csv, r))
	lines := strings.Split(csv.String(), "\n")
	assert.Equal(t, []string{
		"table,report,team,from,to,zone,at",
		"report,flow,marketing-ops,2026-03-01T00:00:00-05:00,2026-04-01T00:00:00-05:00,UTC-5,2026-03-20T12:00:00-05:00",
		"table,task_type,lane,completed,cycle_p50_minutes,cycle_p90_minutes,queue_p50_minutes,queue_p90_minutes,response_p50_minutes,response_p90_minutes,paused_p50_minutes,paused_p90_minutes",
		"flow_times,creative-stakeholder-review,human,1,240,240,30,30,60,60,0,0",
	}, lines[:4])
	assert.Contains(t, lines, "sla_attainment,utm-naming-validation,marketing-ops,resolution,1,1,0.5")
	assert.Contains(t, lines, "handling,utm-naming-validation,marketing-ops,2,0.5,0.5,0,0,0,0,,2,1,0.5")

	var out bytes.Buffer
	require.NoError(t, WriteJSON(&out, r))
	var doc struct {
		Report, Team, Zone string
		Tables             []struct {
			Name string
			Rows []map[string]any
		}
		Notes []string
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &doc), out.String())
	assert.Equal(t, []string{"flow", "marketing-ops", "UTC-5"}, []string{doc.Report, doc.Team, doc.Zone})
	require.Len(t, doc.Tables, 7)
	assert.Equal(t, "flow_times", doc.Tables[0].Name)
	assert.Equal(t, map[string]any{
		"task_type": "utm-naming-validation", "lane": "human", "completed": 1.0,
		"cycle_p50_minutes": 300.0, "cycle_p90_minutes": 300.0, "queue_p50_minutes": 5.0, "queue_p90_minutes": 5.0,
		"response_p50_minutes": 10.0, "response_p90_minutes": 10.0, "paused_p50_minutes": 0.0, "paused_p90_minutes": 0.0,
	}, doc.Tables[0].Rows[2])
	assert.Contains(t, out.String(), `"week_start": "2026-03-02"`)
	assert.Empty(t, doc.Notes)

	others, err := Flow(context.Background(), store, Scope{Period: march2026, Zone: zone, Filter: ledger.Filter{Team: "analytics"}, At: march(20, 12, 0)})
	require.NoError(t, err)
	text.Reset()
	require.NoError(t, WriteText(&text, others))
	assert.Contains(t, text.String(), "\n  no task completed in the period\n", "analytics did nothing")
}
