package main

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/lanes-dev/lanes/catalog"
)

// outageType is the task type the escalation bench and test drive: human work with
// a three-level escalation path and the pause fallback.
const outageType = "live-campaign-outage"

// withOutageTimings copies cat through JSON with the outage type's SLAs and escalation
// window replaced, and parses the copy so it is validated like any catalog.
func withOutageTimings(cat *catalog.Catalog, response, resolution catalog.SLA, window time.Duration) (*catalog.Catalog, error) {
	return withTimings(cat, outageType, response, resolution, window)
}

// withTimings copies cat through JSON with one task type's SLAs and escalation window
// replaced, and parses the copy so it is validated like any catalog.
func withTimings(cat *catalog.Catalog, typeID string, response, resolution catalog.SLA, window time.Duration) (*catalog.Catalog, error) {
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
		if tt := &cp.TaskTypes[i]; tt.ID == typeID {
			tt.ResponseSLA, tt.ResolutionSLA, tt.EscalationWindow = response, resolution, catalog.Duration(window)
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
