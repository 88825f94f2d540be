package lanesworker_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/coreos/go-oidc/v3/oidc/oidctest"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap/zaptest"

	"github.com/lanes-dev/lanes/intakeapi"
	"github.com/lanes-dev/lanes/lanesworker"
	"github.com/lanes-dev/lanes/roster"
	"github.com/lanes-dev/lanes/workflows"
)

// signInNow is when the test's tokens are issued and checked, whatever the date.
var signInNow = time.Date(2031, time.March, 9, 14, 30, 0, 0, time.UTC)

// On a real server and worker, with the default roster: a person signed in with the
// identity provider completes the task the roster booked to them, and their token
// gets nowhere on another person's task: the task refuses their acknowledgement, and
// the service refuses to let them act as its holder. Every action the tasks took,
// accepted or refused, says who and through what in the status and in the ledger.
func TestIntegrationPersonTokenActsOnlyAsThatPerson(t *testing.T) {
	ledgerPath := filepath.Join(t.TempDir(), "ledger.db")
	ls := startLanesWith(t, defaultCatalog(t), func(cfg *lanesworker.Config) { cfg.Ledger.Path = ledgerPath })
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

	signedIn := workflows.PersonIdentity("sub-"+me, idp.URL)
	require.Len(t, st.Signals, 1, "the refusal the task recorded")
	require.Equal(t, signedIn, st.Signals[0].Identity)
	done, err := ls.intake.Status(ctx, mine)
	require.NoError(t, err)
	for _, rec := range done.Signals {
		require.Equal(t, signedIn, rec.Identity, "%s", rec.Name)
	}
	db := openLedgerFile(t, ledgerPath)
	rows, err := db.QueryContext(ctx, `SELECT task_id, action, actor, identity_kind, identity_subject, identity_issuer, accepted
		FROM actions ORDER BY task_id, at_ms`)
	require.NoError(t, err)
	defer func() { require.NoError(t, rows.Close()) }()
	var actions []string
	for rows.Next() {
		var task, action, actor, kind, subject, issuer string
		var accepted int
		require.NoError(t, rows.Scan(&task, &action, &actor, &kind, &subject, &issuer, &accepted))
		actions = append(actions, fmt.Sprintf("%s %s by %s via %s %s %s accepted=%d", task, action, actor, kind, subject, issuer, accepted))
	}
	require.NoError(t, rows.Err())
	via := fmt.Sprintf("via person sub-%s %s", me, idp.URL)
	require.Equal(t, []string{
		fmt.Sprintf("%s acknowledge by %s %s accepted=1", mine, me, via),
		fmt.Sprintf("%s complete by %s %s accepted=1", mine, me, via),
		fmt.Sprintf("%s acknowledge by %s %s accepted=0", theirs, me, via),
	}, actions)
}
