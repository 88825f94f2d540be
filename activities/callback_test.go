package activities

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCallbackIDsAreLanesOwn(t *testing.T) {
	c := &Callbacks{Secret: []byte(strings.Repeat("s", MinCallbackSecret)), BaseURL: "https://lanes.example/"}
	target := CallbackTarget{WorkflowID: "task-INT-1", RunID: "run-1", ActivityID: "5"}
	id, u := c.Issue(target)
	require.Equal(t, "https://lanes.example/v1/automations/"+id+"/result", u)
	got, err := c.Open(id)
	require.NoError(t, err)
	require.Equal(t, target, got)

	other, _ := c.Issue(CallbackTarget{WorkflowID: "task-INT-2", ActivityID: "5"})
	forged := strings.SplitN(other, ".", 2)[0] + "." + strings.SplitN(id, ".", 2)[1]
	stranger := &Callbacks{Secret: []byte(strings.Repeat("x", MinCallbackSecret))}
	strangers, _ := stranger.Issue(target)
	for _, bad := range []string{"", "nodot", forged, strangers, id + "x"} {
		_, err := c.Open(bad)
		require.ErrorIs(t, err, ErrBadCallbackID, bad)
	}

	body := []byte(`{"result":{"summary":"done"}}`)
	sig := Sign(c.Secret, id, body)
	require.True(t, strings.HasPrefix(sig, "sha256="))
	require.True(t, c.Verify(id, body, sig))
	require.False(t, c.Verify(other, body, sig), "a signature holds for its own callback only")
	require.False(t, c.Verify(id, []byte(`{"result":{"summary":"other"}}`), sig))
	require.False(t, c.Verify(id, body, Sign(stranger.Secret, id, body)))
}
