package lanesworker_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/coreos/go-oidc/v3/oidc/oidctest"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap/zaptest"

	"github.com/lanes-dev/lanes/intakeapi"
	"github.com/lanes-dev/lanes/roster"
	"github.com/lanes-dev/lanes/workflows"
)

// signInNow is when the test's tokens are issued and checked, whatever the date.
var signInNow = time.Date(2031, time.March, 9, 14, 30, 0, 0, time.UTC)

// On a real server and worker, with the default roster: a person signed in with the
// identity provider completes the task the roster booked to them, and their token
// gets nowhere on another person's task: the task refuses their acknowledgement, and
// the service refuses to let them act as its holder.
func TestIntegrationPersonTokenActsOnlyAsThatPerson(t *testing.T) {
	ls := startLanes(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	provider := &oidctest.Server{PublicKeys: []oidctest.PublicKey{{PublicKey: priv.Public(), KeyID: "k1", Algorithm: oidc.RS256}}}
	idp := httptest.NewServer(provider)
	t.Cleanup(idp.Close)
	provider.SetIssuer(idp.URL)
	token := func(person string) string {
		return oidctest.SignIDToken(priv, "k1", oidc.RS256, fmt.Sprintf(`{"iss": %q, "aud": "lanes", "sub": "sub-%s", "preferred_username": %q, "iat": %d, "exp": %d}`,
			idp.URL, person, person, signInNow.Unix(), signInNow.Add(time.Hour).Unix()))
	}

	f, err := roster.Default(ls.intake.Catalog)
	require.NoError(t, err)
	clock := func() time.Time { return signInNow }
	cfg := intakeapi.SignInConfig{Issuer: idp.URL, Audience: "lanes", Claim: intakeapi.ClaimUsername}
	signIn, err := intakeapi.NewSignIn(ctx, cfg, intakeapi.NewRosterPeople(f, intakeapi.LiveRosters(ls.intake), nil), clock)
	require.NoError(t, err)
	h, err := intakeapi.New(intakeapi.Config{Backend: &intakeapi.Client{Intake: ls.intake}, SignIn: signIn, Logger: zaptest.NewLogger(t)})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	post := func(person, taskID, action, body string) (int, map[string]json.RawMessage) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/v1/tasks/"+taskID+"/"+action, strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+token(person))
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		var answer map[string]json.RawMessage
		require.NoError(t, json.NewDecoder(res.Body).Decode(&answer))
		return res.StatusCode, answer
	}

	var tasks [2]string
	var holders [2]string
	for i := range tasks {
		sub, err := ls.intake.Submit(ctx, reviewRequest(fmt.Sprintf("it-signin-%d", i)))
		require.NoError(t, err)
		st, err := ls.intake.WaitFor(ctx, sub.TaskID, booked(func(workflows.TaskStatus) bool { return true }))
		require.NoError(t, err)
		tasks[i], holders[i] = sub.TaskID, st.Assignee
	}
	mine, theirs, me, them := tasks[0], tasks[1], holders[0], holders[1]
	require.NotEqual(t, me, them, "the roster books the two reviews to two people")

	code, answer := post(me, theirs, workflows.SignalAcknowledge, `{}`)
	require.Equal(t, http.StatusConflict, code, "the task refuses someone it is not booked to: %s", answer)
	code, answer = post(me, theirs, workflows.SignalAcknowledge, fmt.Sprintf(`{"actor": %q}`, them))
	require.Equal(t, http.StatusForbidden, code, "nobody acts as another: %s", answer)
	var refusal struct{ Field string }
	require.NoError(t, json.Unmarshal(answer["error"], &refusal))
	require.Equal(t, "actor", refusal.Field)

	code, answer = post(me, mine, workflows.SignalAcknowledge, `{}`)
	require.Equal(t, http.StatusOK, code, "%s", answer)
	code, answer = post(me, mine, workflows.SignalComplete, `{"outcome": "resolved", "hours": 1}`)
	require.Equal(t, http.StatusOK, code, "%s", answer)

	st, err := ls.intake.WaitFor(ctx, mine, stageIs(workflows.StageCompleted))
	require.NoError(t, err)
	require.Equal(t, me, st.CompletedBy)
	st, err = ls.intake.Status(ctx, theirs)
	require.NoError(t, err)
	require.Equal(t, workflows.StageAssigned, st.Stage)
	require.Empty(t, st.AcknowledgedBy)
	for _, rec := range st.Signals {
		require.False(t, rec.Accepted && rec.Actor == me, "%s got nothing done on %s's task: %+v", me, them, rec)
	}
}
