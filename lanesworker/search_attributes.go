package lanesworker

import (
	"context"
	"fmt"
	"sort"
	"strings"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/sdk/client"

	"github.com/lanes-dev/lanes/workflows"
)

// EnsureSearchAttributes registers Lanes' custom search attributes on the namespace
// when they are missing, so the workflows can upsert them. It is safe to repeat.
func EnsureSearchAttributes(ctx context.Context, c client.Client, namespace string) error {
	have, err := c.OperatorService().ListSearchAttributes(ctx, &operatorservice.ListSearchAttributesRequest{Namespace: namespace})
	if err != nil {
		return fmt.Errorf("list search attributes of %s: %w", namespace, err)
	}
	missing := map[string]enumspb.IndexedValueType{}
	for name, want := range workflows.SearchAttributes() {
		got, ok := have.GetCustomAttributes()[name]
		switch {
		case !ok:
			missing[name] = want
		case got != want:
			return fmt.Errorf("search attribute %s exists on %s as %s but Lanes needs %s; remove it or use another namespace", name, namespace, got, want)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	_, err = c.OperatorService().AddSearchAttributes(ctx, &operatorservice.AddSearchAttributesRequest{Namespace: namespace, SearchAttributes: missing})
	if err != nil {
		return fmt.Errorf("add search attributes to %s: %w; add them yourself (Temporal Cloud: tcld namespace search-attributes add) with: %s", namespace, err, describe(missing))
	}
	return nil
}

func describe(attrs map[string]enumspb.IndexedValueType) string {
	parts := make([]string, 0, len(attrs))
	for name, t := range attrs {
		parts = append(parts, fmt.Sprintf("--name %s --type %s", name, strings.TrimPrefix(t.String(), "INDEXED_VALUE_TYPE_")))
	}
	sort.Strings(parts)
	return strings.Join(parts, "; ")
}
