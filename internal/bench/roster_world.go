package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
	"github.com/lanes-dev/lanes/workflows"
)

// benchRosterWorld is the bench's own team: a catalog holding only the review type,
// owned by a fresh team, and a roster of people who take it and nothing else.
type benchRosterWorld struct {
	team      string
	cat       *catalog.Catalog
	file      roster.File
	person    roster.Person
	allocated catalog.Allocation
	each      int // reviews one person takes under the cap
}

// benchWeeklyHours is each bench person's week, all of it in the review's allocation.
const benchWeeklyHours = 40

// newBenchRosterWorld copies the review type out of loaded into a fresh team and staffs
// that team with enough people of the right skill and seniority that all n reviews fit.
func newBenchRosterWorld(loaded *catalog.Catalog, team string, n int) (*benchRosterWorld, error) {
	tt, ok := loaded.TaskType(ReviewType)
	if !ok {
		return nil, fmt.Errorf("catalog %s has no %q task type for the roster bench", loaded.Ref(), ReviewType)
	}
	hours := float64(tt.ManualMinutes) / 60
	if hours <= 0 || hours > roster.UtilizationCap*benchWeeklyHours {
		return nil, fmt.Errorf("task type %q: manualMinutes %d does not fit a %dh week", ReviewType, tt.ManualMinutes, benchWeeklyHours)
	}
	cal := loaded.Teams[tt.Team]
	tt.Team = team
	data, err := json.Marshal(catalog.Catalog{Version: loaded.Version, Teams: map[string]catalog.Calendar{team: cal}, TaskTypes: []catalog.TaskType{tt}})
	if err != nil {
		return nil, fmt.Errorf("bench catalog: %w", err)
	}
	cat, err := catalog.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("bench catalog: %w", err)
	}
	bucket := catalog.ClassifyBucket(tt.Scores)
	w := &benchRosterWorld{team: team, cat: cat, allocated: catalog.AllocationFor(tt, bucket, false)}
	w.person = roster.Person{Seniority: roster.Specialist, Skills: []string{tt.Skill}, WeeklyHours: benchWeeklyHours,
		Allocations: roster.Shares{w.allocated: 100}}
	if catalog.NeedsSenior(bucket, false) {
		w.person.Seniority = roster.Senior
	}
	w.each = int(roster.UtilizationCap*benchWeeklyHours/hours + 1e-9)
	people := make([]roster.Person, (n+w.each-1)/w.each)
	for i := range people {
		people[i] = w.person
		people[i].ID = fmt.Sprintf("person-%03d", i)
	}
	w.file = roster.File{Teams: map[string]roster.Team{team: {Managers: []string{people[0].ID}, People: people}}}
	return w, nil
}

func (w *benchRosterWorld) rosterID() string { return workflows.RosterWorkflowID(w.team) }

// startRoster starts the team's roster on queue, and returns its first run.
func (w *benchRosterWorld) startRoster(ctx context.Context, c client.Client, queue string, maxEvents int, reconcileEvery time.Duration) (string, error) {
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: w.rosterID(), TaskQueue: queue, WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
		StaticSummary: "Roster of bench-roster: terminated when the bench ends",
	}, workflows.TeamRosterWorkflow, workflows.RosterInput{
		Team: w.team, TimeZone: w.cat.Teams[w.team].TimeZone, Roster: w.file.Teams[w.team],
		MaxEvents: maxEvents, ReconcileEvery: reconcileEvery,
	})
	if err != nil {
		return "", fmt.Errorf("start bench roster: %w", err)
	}
	return run.GetRunID(), nil
}

// writeRoster writes the roster file the worker loads, checked as any roster file is.
func (w *benchRosterWorld) writeRoster(dir string) (string, error) {
	data, err := json.Marshal(w.file)
	if err != nil {
		return "", fmt.Errorf("roster file: %w", err)
	}
	path := filepath.Join(dir, "roster.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return "", fmt.Errorf("roster file: %w", err)
	}
	if _, err := roster.Load(path, w.cat); err != nil {
		return "", err
	}
	return path, nil
}

func (w *benchRosterWorld) describe(maxEvents int) string {
	limit := "its default"
	if maxEvents > 0 {
		limit = fmt.Sprint(maxEvents)
	}
	return fmt.Sprintf("Team %s: %d %ss with %s, %dh a week of %s, room for %d reviews each; the roster continues as new past %s events.",
		w.team, len(w.file.Teams[w.team].People), w.person.Seniority, w.person.Skills[0], benchWeeklyHours, w.allocated, w.each, limit)
}

// endBenchRoster terminates the bench's roster, which would otherwise wait forever on
// a queue nobody serves, and after a failure the tasks still open.
func endBenchRoster(ctx context.Context, c client.Client, rosterID string, ids []string, failed bool) error {
	if !failed {
		ids = nil
	}
	var errs []error
	for _, id := range append(ids, rosterID) {
		err := c.TerminateWorkflow(ctx, id, "", "bench roster finished")
		if err != nil && !IsNotFound(err) {
			errs = append(errs, fmt.Errorf("terminate %s: %w", id, err))
		}
	}
	return errors.Join(errs...)
}
