package lanesworker_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/internal/bench"
	"github.com/lanes-dev/lanes/lanesworker"
	"github.com/lanes-dev/lanes/roster"
	"github.com/lanes-dev/lanes/workflows"
)

// burstWatch plays the people of a burst: it reads the roster as fast as it answers
// and has each person acknowledge a task the moment the roster lists it as theirs.
type burstWatch struct {
	ls   *lanesServer
	wg   sync.WaitGroup
	mu   sync.Mutex
	seen map[string]bool
	errs []error
	// notifying counts the bookings the roster listed before their notice reached the task.
	notifying int
}

func (w *burstWatch) fail(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.errs = append(w.errs, err)
}

// look reads the roster once and acts on the bookings it shows for the first time.
func (w *burstWatch) look(ctx context.Context) (roster.Counts, int) {
	rs, err := bench.QueryRoster(ctx, w.ls.client, workflows.RosterWorkflowID("marketing-ops"))
	if err != nil {
		return roster.Counts{}, len(w.seen)
	}
	for _, p := range rs.People {
		for _, b := range p.OpenTasks {
			if w.seen[b.TaskID] {
				continue
			}
			w.seen[b.TaskID] = true
			if b.Notifying {
				w.notifying++
			} else if st, err := w.ls.intake.Status(ctx, b.TaskID); err != nil || st.Assignee != b.Person {
				// Its notice reached the task, so the task's status names the person.
				w.fail(fmt.Errorf("%s: the roster lists %s, delivered; the task says %q (%v)", b.TaskID, b.Person, st.Assignee, err))
			}
			w.wg.Go(func() {
				rec, err := intake.Send(ctx, w.ls.intake, b.TaskID, workflows.SignalAcknowledge, workflows.AcknowledgeSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: b.Person}})
				if err == nil && !rec.Accepted {
					err = fmt.Errorf("%s: %s's acknowledge refused: %s", b.TaskID, b.Person, rec.Reason)
				}
				if err != nil {
					w.fail(err)
				}
			})
		}
	}
	return rs.Counts, len(w.seen)
}

// Twenty reviews submitted at once, and each person acts on what the roster shows
// them the moment it shows it: every booked person's acknowledge is accepted, even
// when the roster's notice has not reached the task yet, and a booking the roster no
// longer lists as notifying is already named by the task's status.
func TestIntegrationRosterBookedPeopleActBeforeTheNotice(t *testing.T) {
	cat, err := catalog.Default()
	require.NoError(t, err)
	path := writeRoster(t,
		roster.Person{ID: "devon", Seniority: roster.Senior, Skills: []string{"development", "design"}, WeeklyHours: 30},
		roster.Person{ID: "lena", Seniority: roster.Senior, Skills: []string{"writing", "design"}, WeeklyHours: 40})
	ls := startLanesWith(t, cat, func(c *lanesworker.Config) { c.RosterPath = path })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	w := &burstWatch{ls: ls, seen: map[string]bool{}}
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		for ctx.Err() == nil {
			// devon has room for 5 reviews, lena for 7; the other 8 wait in line.
			if counts, seen := w.look(ctx); seen == 12 && counts.Assigned+counts.Queued == 20 {
				return
			}
		}
	}()
	submitReviews(ctx, t, ls.intake, "it-burst", 20)
	<-watched
	w.wg.Wait()
	require.NoError(t, ctx.Err(), "the roster placed every task")
	t.Logf("%d of 12 bookings were listed before their notice reached the task", w.notifying)
	require.NoError(t, errors.Join(w.errs...))
}
