package intakeapi

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseTokens(t *testing.T) {
	const forms, jira = "forms-token-0123456789", "jira-token-0123456789ab"
	tests := []struct {
		name, text string
		want       []Token
		says       string
	}{
		{name: "empty", text: "", want: nil},
		{name: "the format before scopes gets submit and read-own", text: " forms=" + forms + " , jira=" + jira + ",", want: []Token{
			{Name: "forms", Value: forms, Scopes: DefaultScopes()}, {Name: "jira", Value: jira, Scopes: DefaultScopes()},
		}},
		{name: "scopes and a relay", text: "forms=" + forms + ":submit+read-all+relay:alice|bob", want: []Token{
			{Name: "forms", Value: forms, Scopes: []Scope{ScopeSubmit, ScopeReadAll, ScopeRelay}, RelayFor: []string{"alice", "bob"}},
		}},
		{name: "missing equals", text: forms, says: "LANES_INTAKE_TOKENS: entry 1 is not name=token"},
		{name: "missing name", text: "=" + forms, says: "entry 1 is not name=token"},
		{name: "short token", text: "forms=abc", says: "LANES_INTAKE_TOKENS: entry forms: the token is shorter than 16"},
		{name: "name twice", text: "forms=" + forms + ",forms=other-token-0123456789", says: "forms is named twice"},
		{name: "token reused", text: "forms=" + forms + ",jira=" + forms, says: "jira reuses another system's token"},
		{name: "unknown scope", text: "jira=" + jira + ":submit+reed-own", says: `LANES_INTAKE_TOKENS: entry jira: scope "reed-own" is unknown; use submit, read-own, read-all, relay`},
		{name: "scope twice", text: "jira=" + jira + ":submit+submit", says: `scope "submit" is given twice`},
		{name: "relay for nobody", text: "jira=" + jira + ":relay", says: "entry jira: relay names nobody"},
		{name: "relay for a role", text: "jira=" + jira + ":relay:role:campaign-owner", says: `LANES_INTAKE_TOKENS: entry jira: relay: "role:campaign-owner" is not a person's handle`},
		{name: "people on another scope", text: "jira=" + jira + ":submit:maya", says: `scope "submit:maya": only relay names people`},
		{name: "no scopes", text: "jira=" + jira + ":", says: `scope "" is unknown`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseTokens(tt.text)
			if tt.says != "" {
				require.ErrorContains(t, err, tt.says)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestLoadTokensFromAFile(t *testing.T) {
	write := func(t *testing.T, text string) string {
		path := filepath.Join(t.TempDir(), "tokens.json")
		require.NoError(t, os.WriteFile(path, []byte(text), 0o600))
		return path
	}
	tests := []struct {
		name, file string
		want       []Token
		says       string
	}{
		{name: "two systems", file: `{"systems": [
			{"name": "forms", "token": "forms-token-0123456789", "scopes": ["submit", "read-own"]},
			{"name": "jira", "token": "jira-token-0123456789ab", "scopes": ["submit", "read-all", "relay"], "relayFor": ["maya", "devon"]}]}`,
			want: []Token{
				{Name: "forms", Value: "forms-token-0123456789", Scopes: []Scope{ScopeSubmit, ScopeReadOwn}},
				{Name: "jira", Value: "jira-token-0123456789ab", Scopes: []Scope{ScopeSubmit, ScopeReadAll, ScopeRelay}, RelayFor: []string{"maya", "devon"}},
			}},
		{name: "no scopes", file: `{"systems": [{"name": "forms", "token": "forms-token-0123456789"}]}`, says: "LANES_INTAKE_TOKENS_FILE: systems[0] (forms): no scopes"},
		{name: "relay list without relay", file: `{"systems": [{"name": "jira", "token": "jira-token-0123456789ab", "scopes": ["submit"], "relayFor": ["maya"]}]}`, says: "systems[0] (jira): people to relay for are listed without the relay scope"},
		{name: "unknown field", file: `{"systems": [{"name": "jira", "token": "jira-token-0123456789ab", "scope": ["submit"]}]}`, says: "LANES_INTAKE_TOKENS_FILE: "},
		{name: "empty", file: `{"systems": []}`, says: "systems: no intake systems"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := write(t, tt.file)
			got, err := LoadTokens(func(k string) string { return map[string]string{TokensFileEnv: path}[k] })
			if tt.says != "" {
				require.ErrorContains(t, err, tt.says)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
	t.Run("both set", func(t *testing.T) {
		env := map[string]string{TokensEnv: "forms=forms-token-0123456789", TokensFileEnv: "/etc/lanes/tokens.json"}
		_, err := LoadTokens(func(k string) string { return env[k] })
		require.ErrorContains(t, err, "LANES_INTAKE_TOKENS and LANES_INTAKE_TOKENS_FILE are both set")
	})
	t.Run("missing file", func(t *testing.T) {
		_, err := LoadTokens(func(k string) string { return map[string]string{TokensFileEnv: "/nonexistent/tokens.json"}[k] })
		require.ErrorContains(t, err, "LANES_INTAKE_TOKENS_FILE: open /nonexistent/tokens.json")
	})
}
