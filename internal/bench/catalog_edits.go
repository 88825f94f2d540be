package bench

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/lanes-dev/lanes/catalog"
)

// OutageType is the task type the escalation bench and tests drive: human work with
// a three-level escalation path and the pause fallback.
const OutageType = "live-campaign-outage"

// ReviewType is the human work the roster bench and tests book: in the default catalog,
// skill design, 1h, exception_only, so it draws on reactive-support and goes to seniors.
const ReviewType = "creative-stakeholder-review"

// WithOutageTimings copies cat with the outage type's SLAs and escalation window replaced.
func WithOutageTimings(cat *catalog.Catalog, response, resolution catalog.SLA, window time.Duration) (*catalog.Catalog, error) {
	return WithTimings(cat, OutageType, response, resolution, window)
}

// WithTimings copies cat with one task type's SLAs and escalation window replaced.
func WithTimings(cat *catalog.Catalog, typeID string, response, resolution catalog.SLA, window time.Duration) (*catalog.Catalog, error) {
	return EditTaskType(cat, typeID, func(tt *catalog.TaskType) {
		tt.ResponseSLA, tt.ResolutionSLA, tt.EscalationWindow = response, resolution, catalog.Duration(window)
	})
}

// EditTaskType copies cat through JSON with edit applied to one task type, and parses
// the copy so it is validated like any catalog.
func EditTaskType(cat *catalog.Catalog, typeID string, edit func(*catalog.TaskType)) (*catalog.Catalog, error) {
	data, err := json.Marshal(cat)
	if err != nil {
		return nil, fmt.Errorf("copy catalog: %w", err)
	}
	var cp catalog.Catalog
	if err := json.Unmarshal(data, &cp); err != nil {
		return nil, fmt.Errorf("copy catalog: %w", err)
	}
	found := false
	for i := range cp.TaskTypes {
		if cp.TaskTypes[i].ID == typeID {
			edit(&cp.TaskTypes[i])
			found = true
		}
	}
	if !found {
		return nil, fmt.Errorf("catalog %s has no %q task type", cat.Ref(), typeID)
	}
	if data, err = json.Marshal(cp); err != nil {
		return nil, fmt.Errorf("copy catalog: %w", err)
	}
	return catalog.Parse(data)
}
