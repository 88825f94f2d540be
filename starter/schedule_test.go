package main

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestScheduleFailsBeforeDial checks that each mistake is named, with its fix, before
// starter talks to Temporal: newTestEnv's dial fails the test.
func TestScheduleFailsBeforeDial(t *testing.T) {
	const recurring = "use one of monthly-dashboard-refresh, weekly-lifecycle-email-qa, or add a cadence to the type"
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"unknown command", []string{"resume"}, []string{`schedule: unknown command "resume"`, "usage: starter schedule"}},
		{"create a type without a cadence", []string{"create", "--type", "creative-stakeholder-review"},
			[]string{`--type: "creative-stakeholder-review" has no recurs in catalog 2026-11-25.1@`, recurring}},
		{"create an unknown type", []string{"create", "--type", "weekly-qa"}, []string{`--type: "weekly-qa" has no recurs`, recurring}},
		{"create with a stray argument", []string{"create", "weekly-lifecycle-email-qa"}, []string{`unexpected argument "weekly-lifecycle-email-qa"`}},
		{"pause without a type", []string{"pause", "--note", "freeze"}, []string{"schedule pause: name the task type first, as in starter schedule pause TYPE; the recurring types are monthly-dashboard-refresh, weekly-lifecycle-email-qa"}},
		{"pause without a note", []string{"pause", "weekly-lifecycle-email-qa"}, []string{`--note: required; say why the schedule is paused`}},
		{"pause with a blank note", []string{"pause", "weekly-lifecycle-email-qa", "--note", " "}, []string{`--note: required`}},
		{"pause a type without a cadence", []string{"pause", "live-campaign-outage", "--note", "x"}, []string{`type: "live-campaign-outage" has no recurs`, recurring}},
		{"unpause an unknown type", []string{"unpause", "nope"}, []string{`type: "nope" has no recurs`}},
		{"trigger a type without a cadence", []string{"trigger", "utm-naming-validation"}, []string{`type: "utm-naming-validation" has no recurs`, recurring}},
		{"trigger takes no note", []string{"trigger", "weekly-lifecycle-email-qa", "--note", "x"}, []string{"flag provided but not defined: -note"}},
		{"two types", []string{"delete", "weekly-lifecycle-email-qa", "monthly-dashboard-refresh"}, []string{`unexpected argument "monthly-dashboard-refresh"`}},
		{"list takes no type", []string{"list", "--type", "x"}, []string{"flag provided but not defined: -type"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _ := newTestEnv(t, nil, strings.NewReader(""))
			err := e.run(context.Background(), "schedule", tt.args)
			require.Error(t, err)
			for _, part := range tt.want {
				require.ErrorContains(t, err, part)
			}
		})
	}
}

func TestScheduleUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"help"}, {"-h"}} {
		e, out := newTestEnv(t, nil, strings.NewReader(""))
		require.NoError(t, e.run(context.Background(), "schedule", args))
		require.Contains(t, out.String(), "usage: starter schedule COMMAND")
		require.Contains(t, out.String(), "lanes-recur-TYPE")
	}
	var out strings.Builder
	require.NoError(t, run(context.Background(), nil, getenvFrom(nil), strings.NewReader(""), &out))
	require.Contains(t, out.String(), "\n  schedule     the Temporal Schedules that start recurring work")
}
