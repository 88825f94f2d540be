package intakeapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/workflows"
)

// TestActionTextOverItsLimitIsRefusedByName checks that every text an action carries
// is bounded at the door: one character over its limit, or a megabyte under the
// body limit, is refused with 400 naming the field and the limit, and nothing is
// sent; at its limit the action goes through.
func TestActionTextOverItsLimitIsRefusedByName(t *testing.T) {
	body := func(fields map[string]string) string {
		b, err := json.Marshal(fields)
		require.NoError(t, err)
		return string(b)
	}
	text := func(n int) string { return strings.Repeat("é", n) }
	tests := []struct {
		action, field string
		limit         int
		others        map[string]string
	}{
		{workflows.SignalComplete, "note", workflows.MaxNoteLength, map[string]string{"actor": "alice", "outcome": "resolved"}},
		{workflows.SignalAcknowledge, "note", workflows.MaxNoteLength, map[string]string{"actor": "alice"}},
		{workflows.SignalApprove, "note", workflows.MaxNoteLength, map[string]string{"actor": "carol"}},
		{workflows.SignalResume, "note", workflows.MaxNoteLength, map[string]string{"actor": "alice"}},
		{workflows.SignalHandBack, "reason", workflows.MaxReasonLength, map[string]string{"actor": "alice"}},
		{workflows.SignalReassign, "reason", workflows.MaxReasonLength, map[string]string{"actor": "alice", "to": "bob"}},
		{workflows.SignalReassign, "to", workflows.MaxNameLength, map[string]string{"actor": "alice"}},
		{workflows.SignalWaitOnRequester, "reason", workflows.MaxReasonLength, map[string]string{"actor": "alice"}},
		{workflows.SignalFlagCompliance, "reason", workflows.MaxReasonLength, map[string]string{"actor": "alice"}},
		{workflows.SignalBlock, "dependency", workflows.MaxReasonLength, map[string]string{"actor": "alice"}},
		{workflows.SignalBlock, "actor", workflows.MaxNameLength, map[string]string{"dependency": "legal"}},
		{workflows.SignalAcknowledge, "signalId", workflows.MaxSignalIDLength, map[string]string{"actor": "alice"}},
	}
	for _, tt := range tests {
		for _, n := range []int{tt.limit, tt.limit + 1, 500_000} { // 500,000 two-byte characters: 1 MB, under the 1 MiB body limit
			t.Run(fmt.Sprintf("%s %s %d", tt.action, tt.field, n), func(t *testing.T) {
				fields := map[string]string{tt.field: text(n)}
				for k, v := range tt.others {
					fields[k] = v
				}
				b := body(fields)
				require.Less(t, len(b), MaxBodyBytes)
				tokens := testTokens
				if tt.field == "actor" {
					// An actor at the limit is one the forms system may relay for.
					forms := testTokens[0]
					forms.RelayFor = append(slices.Clip(forms.RelayFor), text(tt.limit))
					tokens = []Token{forms}
				}
				h := newHarnessWith(t, tokens)
				require.Equal(t, http.StatusCreated, h.do(t, http.MethodPost, "/v1/tasks", goodBody).Code)
				rec := h.do(t, http.MethodPost, "/v1/tasks/task-req-42/"+tt.action, b)
				_, sent := h.fake.calls()
				if n == tt.limit {
					require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
					require.Equal(t, 1, sent)
					return
				}
				require.Equal(t, http.StatusBadRequest, rec.Code)
				e := errorBody(t, rec.Body.Bytes())
				require.Equal(t, tt.field, e.Field)
				want := fmt.Sprintf("%s: over %d characters (%d); ", tt.field, tt.limit, n)
				if len(b) > 64<<10 {
					want = fmt.Sprintf("%s: over %d characters (the action is %d bytes); ", tt.field, tt.limit, len(b))
				}
				require.True(t, strings.HasPrefix(e.Message, want), "%q does not start with %q", e.Message, want)
				require.Less(t, len(e.Message), 200, "the refusal does not echo the text")
				require.Zero(t, sent, "nothing is sent")
			})
		}
	}
}
