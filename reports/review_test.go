package reports

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ledger"
	"github.com/lanes-dev/lanes/roster"
)

func TestReviewReport(t *testing.T) {
	store := ledgerOf(t, threeTasks())
	ny := newYork(t)
	// Made on Wednesday 11 March: the forecast covers the weeks from the 16th in
	// New York, from the four weeks before the 9th, which hold the three tasks.
	at := march(11, 10, 0)
	lena := person("lena", []string{"writing", "design"}, 15.2, 7.6)
	omar := person("omar", []string{"analysis"}, 15.2, 7.6)
	omar.Away = true // until told otherwise: no analysis capacity in any week
	live := Live{
		Teams:   []string{"marketing-ops"},
		Rosters: Rosters{"marketing-ops": {Team: "marketing-ops", People: []roster.PersonView{lena, omar}}},
		Runs:    []ScheduledRun{{TaskType: "weekly-lifecycle-email-qa", At: time.Date(2026, time.March, 16, 10, 0, 0, 0, ny)}},
		Notes:   []string{"schedule lanes-recur-x is paused"},
	}
	r, err := Review(context.Background(), store, "2026-03", Scope{Zone: zone, Filter: ledger.Filter{Team: "marketing-ops"}, At: at}, defaultCatalog(t), live)
	require.NoError(t, err)
	assert.Equal(t, march2026, ledger.Period{From: r.From, To: r.To}, "the month is the period")

	assert.Equal(t, []string{"task_type", "utm-naming-validation", "creative-stakeholder-review"}, column(csvTable(t, r, "top_by_volume"), 1), "2 checks, 1 review")
	assert.Len(t, csvTable(t, r, "top_by_escalation_rate"), 0, "nothing escalated")
	assert.Equal(t, []string{"task_type", "creative-stakeholder-review", "utm-naming-validation"}, column(csvTable(t, r, "top_by_manual_touches"), 1),
		"2 touches on one review, 2 over two checks")
	assert.Len(t, csvTable(t, r, "automate_next"), 0, "the checks are automated already; reviews score 1")
	// One run in two failed; the failed check took 0.5h against 0.25h. The review's
	// 1.5h against 1h is off by exactly half, not more.
	assert.Equal(t, []string{
		"table,task_type,reasons,completed,reclassified,escalated_repeatedly,automation_runs,automation_failed,hours_estimated,hours_actual",
		`rescore,utm-naming-validation,"automation_fails, hours_off_estimate",2,0,0,2,1,0.25,0.5`,
	}, csvTable(t, r, "rescore"))
	assert.Equal(t, []string{"table,requests,rush,rush_share,score,rush_value_share", "intake,3,0,0,0,0"}, csvTable(t, r, "intake"))
	assert.Equal(t, []string{"table,weekday,requests", "intake_weekdays,Monday,1", "intake_weekdays,Tuesday,2", "intake_weekdays,Wednesday,0",
		"intake_weekdays,Thursday,0", "intake_weekdays,Friday,0", "intake_weekdays,Saturday,0", "intake_weekdays,Sunday,0"}, csvTable(t, r, "intake_weekdays"))
	assert.Equal(t, []string{"table,hour,requests", "intake_hours,09:00,2", "intake_hours,10:00,1"}, csvTable(t, r, "intake_hours"))
	assert.Equal(t, []string{"table,date,requests", "intake_busiest_days,2026-03-03,2", "intake_busiest_days,2026-03-02,1"}, csvTable(t, r, "intake_busiest_days"))

	// The failed check's quarter hour of exception work is a sixteenth of an hour
	// a week, which nobody with analysis is in to take; the review's hour a
	// quarter a week of design; the email QA run 1.5h of writing in the first week.
	forecast := csvTable(t, r, "forecast")
	assert.Equal(t, "table,team,skill,allocation,week_start,baseline_hours,recurring_hours,open_hours,demand_hours,capacity_hours,line_hours,fits", forecast[0])
	assert.Equal(t, []string{
		"forecast,marketing-ops,analysis,reactive-support,2026-03-16,0.06,0,0,0.06,0,0,NO",
		"forecast,marketing-ops,analysis,reactive-support,2026-03-23,0.06,0,0,0.06,0,0,NO",
		"forecast,marketing-ops,analysis,reactive-support,2026-03-30,0.06,0,0,0.06,0,0,NO",
		"forecast,marketing-ops,analysis,reactive-support,2026-04-06,0.06,0,0,0.06,0,0,NO",
		"forecast,marketing-ops,design,reactive-support,2026-03-16,0.25,0,0,0.25,7.6,7.22,yes",
	}, forecast[1:6])
	assert.Contains(t, forecast, "forecast,marketing-ops,writing,campaign-execution,2026-03-16,0,1.5,0,1.5,15.2,14.44,yes")
	assert.Contains(t, forecast, "forecast,marketing-ops,writing,campaign-execution,2026-03-23,0,0,0,0,15.2,14.44,yes")
	assert.Contains(t, forecast, "forecast,marketing-ops,all skills,reactive-support,2026-03-16,0.31,0,0,0.31,7.6,7.22,yes")
	assert.Len(t, forecast, 21, "analysis, design, writing and the two whole allocations, four weeks each")
	assert.Equal(t, []string{
		"table,team,skill,allocation,week_start,demand_hours,line_hours,over_hours",
		"will_not_fit,marketing-ops,analysis,reactive-support,2026-03-16,0.06,0,0.06",
		"will_not_fit,marketing-ops,analysis,reactive-support,2026-03-23,0.06,0,0.06",
		"will_not_fit,marketing-ops,analysis,reactive-support,2026-03-30,0.06,0,0.06",
		"will_not_fit,marketing-ops,analysis,reactive-support,2026-04-06,0.06,0,0.06",
	}, csvTable(t, r, "will_not_fit"))
	assert.Equal(t, live.Notes, r.Notes)

	_, err = Review(context.Background(), store, "March", Scope{Zone: zone, At: at}, defaultCatalog(t), live)
	var pe *ledger.PeriodError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "Month", pe.Field)
}

// column picks one field of each CSV line, the header's included; fields hold no commas here.
func column(lines []string, i int) []string {
	var out []string
	for _, line := range lines {
		out = append(out, splitCSV(line)[i])
	}
	return out
}

func splitCSV(line string) []string {
	var fields []string
	start := 0
	for i := 0; i <= len(line); i++ {
		if i == len(line) || line[i] == ',' {
			fields = append(fields, line[start:i])
			start = i + 1
		}
	}
	return fields
}
