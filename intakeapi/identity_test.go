package intakeapi

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/workflows"
)

// Each action carries who the service knows sent it, from the request's token: the
// signed-in person's subject and issuer, the relaying system's token name, or an
// operator's when the service checks nobody. The answer shows it beside the actor.
func TestActionCarriesTheCallersIdentity(t *testing.T) {
	h := submitted(t)
	rec := h.doAs(t, http.MethodPost, ackPath, `{}`, h.as(t, "lena"))
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	var answer workflows.SignalRecord
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &answer))
	lena := workflows.PersonIdentity("sub-lena@example.com", h.iss.srv.URL)
	require.Equal(t, lena, answer.Identity)

	require.Equal(t, http.StatusOK, h.do(t, http.MethodPost, ackPath, `{"actor": "maya"}`).Code, "forms relays for maya")

	open, err := New(Config{Backend: h.fake, InsecureNoAuth: true})
	require.NoError(t, err)
	unverified := &harness{fake: h.fake, handler: open}
	require.Equal(t, http.StatusOK, unverified.doAs(t, http.MethodPost, ackPath, `{"actor": "omar"}`, "").Code)

	var got []*workflows.Identity
	for _, a := range h.fake.actions {
		got = append(got, a.Identity)
	}
	require.Equal(t, []*workflows.Identity{lena, workflows.SystemIdentity("forms"), workflows.OperatorIdentity()}, got)
}

// Who sent an action is what the token proved: a body that names an identity, even
// the caller's own, is refused naming the field, and nothing reaches the task.
func TestBodyNamingAnIdentityIsRefused(t *testing.T) {
	h := submitted(t)
	open, err := New(Config{Backend: h.fake, InsecureNoAuth: true})
	require.NoError(t, err)
	unverified := &harness{fake: h.fake, handler: open}
	claims := []string{
		`{"kind": "person", "subject": "sub-maya@example.com", "issuer": "` + h.iss.srv.URL + `"}`,
		`{"kind": "system", "system": "forms"}`,
		`{"kind": "operator"}`,
		`null`,
	}
	for _, claim := range claims {
		for name, send := range map[string]func(body string) int{
			"person": func(body string) int { return h.doAs(t, http.MethodPost, ackPath, body, h.as(t, "lena")).Code },
			"relay":  func(body string) int { return h.do(t, http.MethodPost, ackPath, body).Code },
			"unverified": func(body string) int {
				rec := unverified.doAs(t, http.MethodPost, ackPath, body, "")
				e := errorBody(t, rec.Body.Bytes())
				require.Equal(t, "identity", e.Field)
				require.Contains(t, e.Message, "set by Lanes from your bearer token")
				return rec.Code
			},
		} {
			t.Run(name+" "+claim, func(t *testing.T) {
				require.Equal(t, http.StatusBadRequest, send(`{"actor": "maya", "identity": `+claim+`}`))
			})
		}
	}
	_, sent := h.fake.calls()
	require.Zero(t, sent)
}

// A subject the task could not keep whole (over 255 characters, or with characters
// JSON escapes) is refused at the door, naming sub, before anything is sent.
func TestSubjectTheRecordsCannotKeepIsRefused(t *testing.T) {
	h := submitted(t)
	for _, sub := range []string{strings.Repeat("s", workflows.MaxSubjectLength+1), "lena<script>"} {
		claims := h.iss.claims("lena@example.com")
		claims["sub"] = sub
		rec := h.doAs(t, http.MethodPost, ackPath, `{}`, "Bearer "+h.iss.token(t, claims))
		require.Equal(t, http.StatusForbidden, rec.Code, rec.Body.String())
		e := errorBody(t, rec.Body.Bytes())
		require.Equal(t, "Authorization", e.Field)
		require.Contains(t, e.Message, "your sign-in token's subject cannot name you in a task's records: sub: ")
	}
	claims := h.iss.claims("lena@example.com")
	claims["sub"] = strings.Repeat("s", workflows.MaxSubjectLength)
	require.Equal(t, http.StatusOK, h.doAs(t, http.MethodPost, ackPath, `{}`, "Bearer "+h.iss.token(t, claims)).Code, "255 characters fit")
	_, sent := h.fake.calls()
	require.Equal(t, 1, sent)
}

// Token names and the issuer go into every record of an action: one the records
// could not keep whole stops start-up, naming the entry or the variable.
func TestIdentitiesTheRecordsCannotKeepStopStartUp(t *testing.T) {
	_, err := ParseTokens(strings.Repeat("j", workflows.MaxSystemNameLength+1) + "=jira-token-0123456789ab")
	require.ErrorContains(t, err, "name: over 100 characters (101)")
	_, err = ParseTokens("ji<ra=jira-token-0123456789ab")
	require.ErrorContains(t, err, `LANES_INTAKE_TOKENS: entry ji<ra: name: holds '<'`)

	long := "https://login.example.com/" + strings.Repeat("r", workflows.MaxIssuerLength)
	_, err = SignInFromEnv(func(k string) string {
		return map[string]string{OIDCIssuerEnv: long, OIDCAudienceEnv: "lanes"}[k]
	})
	require.ErrorContains(t, err, "LANES_OIDC_ISSUER: over 300 characters")
}

// openapi.json describes the identity as the Go type has it, with the bounds the task keeps.
func TestOpenAPIIdentityIsTheGoType(t *testing.T) {
	doc := loadOpenAPI(t)
	identity := doc.Components.Schemas["Identity"]
	names, always := tagNames(reflect.TypeFor[workflows.Identity]())
	require.Equal(t, names, propertyNames(identity.Properties))
	require.ElementsMatch(t, always, identity.Required)
	for field, limit := range map[string]int{
		"subject": workflows.MaxSubjectLength, "issuer": workflows.MaxIssuerLength, "system": workflows.MaxSystemNameLength,
	} {
		require.Equal(t, limit, identity.Properties[field].MaxLength, "Identity.%s maxLength", field)
	}
	record, _ := tagNames(reflect.TypeFor[workflows.SignalRecord]())
	require.Equal(t, record, propertyNames(doc.Components.Schemas["SignalRecord"].Properties), "every field of an action's record")
}
