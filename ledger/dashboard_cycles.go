package ledger

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/lanes-dev/lanes/catalog"
)

// CycleSpread is how the cycle times of the tasks completed in a period spread
// out (DOMAIN.md §11, cycle time: received → completed): a histogram for the
// dashboard, with the percentiles FlowTimes gives, over every type at once.
type CycleSpread struct {
	// Edges are the histogram's upper bounds, shortest first, as asked for.
	Edges []time.Duration
	// Counts has one more entry than Edges: Counts[i] is the tasks whose cycle
	// time was over Edges[i-1] and at most Edges[i]; the last counts those over
	// the last edge.
	Counts []int
	// All is the p50 and p90 over every task; ByLane the same per lane, by lane name.
	All    Percentiles
	ByLane []LaneCycle
}

// LaneCycle is the cycle-time percentiles of one lane's completed tasks; a
// task rerouted to people counts in their lane, as in FlowTimes.
type LaneCycle struct {
	Lane  catalog.Lane
	Cycle Percentiles
}

// CycleSpread reports the cycle times of the tasks completed in the period that
// the filter keeps, counted into the histogram edges give (ascending, positive).
func (s *Store) CycleSpread(ctx context.Context, p Period, f Filter, edges []time.Duration) (CycleSpread, error) {
	if err := p.validate(); err != nil {
		return CycleSpread{}, err
	}
	if len(edges) == 0 || edges[0] <= 0 || !slices.IsSorted(edges) || len(slices.Compact(slices.Clone(edges))) != len(edges) {
		return CycleSpread{}, errors.New("ledger: cycle spread: the edges must be positive and ascending, like 1h, 4h, 24h")
	}
	from, to := p.millis()
	where, args := f.and([]any{from, to})
	out := CycleSpread{Edges: edges, Counts: make([]int, len(edges)+1)}
	var all []int64
	lanes := map[catalog.Lane][]int64{}
	err := s.eachRow(ctx, `SELECT t.lane, t.cycle_ms FROM task_flow t
		WHERE t.closed_at_ms >= $1 AND t.closed_at_ms < $2`+where, args, func(rows *sql.Rows) error {
		var lane catalog.Lane
		var cycle int64
		if err := rows.Scan(&lane, &cycle); err != nil {
			return err
		}
		all = append(all, cycle)
		lanes[lane] = append(lanes[lane], cycle)
		bin, _ := slices.BinarySearch(edges, time.Duration(cycle)*time.Millisecond)
		out.Counts[bin]++
		return nil
	})
	if err != nil {
		return CycleSpread{}, fmt.Errorf("cycle spread: %w", err)
	}
	out.All = percentilesOf(all)
	for lane, cycles := range lanes {
		out.ByLane = append(out.ByLane, LaneCycle{Lane: lane, Cycle: percentilesOf(cycles)})
	}
	slices.SortFunc(out.ByLane, func(a, b LaneCycle) int { return cmp.Compare(a.Lane, b.Lane) })
	return out, nil
}
