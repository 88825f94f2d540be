package intakeapi

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/strictjson"
	"github.com/lanes-dev/lanes/workflows"
)

// Action is one person's action on a task, decoded and checked: ready to send as its signal.
type Action struct {
	// Name is the signal's name, such as "acknowledge".
	Name string
	// SignalID finds the task's answer; the body's, or a new one.
	SignalID string
	// Actor is who acts.
	Actor string
	// Identity is who the service knows sent it, from the request's token: the task
	// keeps it beside the actor.
	Identity *workflows.Identity
	// send delivers the typed signal through an intake client.
	send func(ctx context.Context, c *intake.Client, taskID string) (workflows.SignalRecord, error)
}

// Actions lists the action names the service takes, sorted.
func Actions() []string {
	var names []string
	for _, a := range workflows.Actions() {
		names = append(names, a.Name)
	}
	slices.Sort(names)
	return names
}

// decodeAction checks the body's JSON and field types, then reads it with the
// action's Decode, the task's own strict reader. A body without an actor acts as the
// person whose token the request carries, when there is one. The action carries the
// caller's identity, which only the token tells: a body naming one is refused.
func decodeAction(a workflows.Action, body []byte, caller Caller) (Action, error) {
	fields, err := decodeStrict[map[string]json.RawMessage](body, `action, like {"actor": "alice"}`, "")
	if err != nil {
		return Action{}, err
	}
	if _, ok := fields["sentAt"]; ok {
		// An action's time is when the service received it; a client cannot set it.
		return Action{}, &InputError{Err: strictjson.Fieldf("sentAt", "set by Lanes when it receives the action").Fixf("leave it out")}
	}
	if _, ok := fields["identity"]; ok {
		// Who sent the action is what the request's token proved, never what its body says.
		return Action{}, &InputError{Err: strictjson.Fieldf("identity", "set by Lanes from your bearer token").Fixf("leave it out")}
	}
	if err := decodeInto(body, a.New(), "action", strings.Join(a.FieldNames(), ", ")); err != nil {
		return Action{}, err
	}
	if fields == nil { // the body was null
		fields = map[string]json.RawMessage{}
	}
	if _, named := fields["actor"]; !named && caller.Person != "" {
		fields["actor"], _ = json.Marshal(caller.Person)
		body, _ = json.Marshal(fields) // re-encoding decoded raw values cannot fail
	}
	signal, err := a.Decode(body)
	if err != nil {
		return Action{}, &InputError{Err: err}
	}
	if id, _ := signal.Header(); id == "" {
		// No ID (absent, "" or null): give the action one, so its answer can be found.
		fields["signalId"], _ = json.Marshal(intake.NewSignalID())
		body, _ = json.Marshal(fields) // re-encoding decoded raw values cannot fail
		if signal, err = a.Decode(body); err != nil {
			return Action{}, &InputError{Err: err}
		}
	}
	identity := caller.identity()
	signal = workflows.IdentifySignal(signal, identity)
	id, actor := signal.Header()
	return Action{Name: a.Name, SignalID: id, Actor: actor, Identity: identity, send: func(ctx context.Context, c *intake.Client, taskID string) (workflows.SignalRecord, error) {
		return intake.Send(ctx, c, taskID, a.Name, signal)
	}}, nil
}

// act sends a person's action: 200 with the task's answer when accepted, and a 409
// error naming the action, with the reason and the task's record, when refused.
func (s *server) act(w http.ResponseWriter, r *http.Request) {
	id, name := r.PathValue("id"), r.PathValue("action")
	data, f := readBody(w, r)
	if f != nil {
		s.fail(w, r, *f)
		return
	}
	var err error
	caller := callerOf(r.Context())
	a, known := workflows.LookupAction(name)
	var action Action
	if known {
		action, err = decodeAction(a, data, caller)
	}
	switch {
	case !known:
		s.fail(w, r, failure{status: http.StatusNotFound, body: apiError{
			Field: "action", Message: "no action " + name + "; use one of " + strings.Join(Actions(), ", "), Allowed: Actions(),
		}})
		return
	case err != nil:
		s.fail(w, r, fromBackend(err, id))
		return
	}
	if f := actsFor(caller, action.Actor); f != nil {
		s.fail(w, r, *f)
		return
	}
	rec, err := s.backend.Act(r.Context(), id, action)
	if err != nil {
		s.fail(w, r, fromBackend(err, id))
		return
	}
	if !rec.Accepted {
		s.fail(w, r, refused(rec))
		return
	}
	writeJSON(w, http.StatusOK, rec)
}

// actsFor refuses an actor the caller may not speak for: a signed-in person acts only
// as themselves, and an intake system only for the people its relay lists. Who may
// do what to the task stays the task's rule; this says only who is asking.
func actsFor(c Caller, actor string) *failure {
	switch {
	case c.Unverified:
		return nil
	case c.Person != "" && actor != c.Person:
		f := forbidden("actor", "you signed in as "+c.Person+" and may act only as yourself; leave actor out or send "+c.Person)
		return &f
	case c.Person == "" && !slices.Contains(c.token.RelayFor, actor):
		f := forbidden("actor", "the "+c.System+" token may relay actions only for "+strings.Join(c.token.RelayFor, ", ")+", not "+actor+"; the person can sign in and act themselves")
		return &f
	}
	return nil
}
