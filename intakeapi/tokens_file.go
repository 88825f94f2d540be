package intakeapi

import (
	"errors"
	"fmt"
	"os"

	"github.com/lanes-dev/lanes/strictjson"
)

// TokensFileEnv is the variable naming a JSON file of the intake systems' tokens,
// the alternative to TokensEnv for a secret mounted as a file.
const TokensFileEnv = "LANES_INTAKE_TOKENS_FILE"

// tokensFile is the JSON of TokensFileEnv:
//
//	{"systems": [{"name": "jira", "token": "…", "scopes": ["submit", "read-own", "relay"], "relayFor": ["maya"]}]}
type tokensFile struct {
	Systems []struct {
		Name     string   `json:"name"`
		Token    string   `json:"token"`
		Scopes   []Scope  `json:"scopes"`
		RelayFor []string `json:"relayFor,omitempty"`
	} `json:"systems"`
}

// LoadTokens reads the intake systems' tokens from LANES_INTAKE_TOKENS or the file
// LANES_INTAKE_TOKENS_FILE names (setting both is an error); neither gives none.
func LoadTokens(getenv func(string) string) ([]Token, error) {
	text, path := getenv(TokensEnv), getenv(TokensFileEnv)
	switch {
	case text != "" && path != "":
		return nil, fmt.Errorf("%s and %s are both set; keep the tokens in one of them", TokensEnv, TokensFileEnv)
	case path == "":
		return ParseTokens(text)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", TokensFileEnv, err)
	}
	return ParseTokensFile(data)
}

// ParseTokensFile reads the JSON of a tokens file strictly; each system must list its
// scopes, and errors name the system by its place and name.
func ParseTokensFile(data []byte) ([]Token, error) {
	var f tokensFile
	if err := strictjson.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", TokensFileEnv, err)
	}
	if len(f.Systems) == 0 {
		return nil, errors.New(TokensFileEnv + ": systems: no intake systems; list each with its name, token and scopes")
	}
	tokens := make([]Token, len(f.Systems))
	for i, s := range f.Systems {
		tokens[i] = Token{Name: s.Name, Value: s.Token, Scopes: s.Scopes, RelayFor: s.RelayFor}
	}
	err := checkTokens(tokens, func(i int) string { return fmt.Sprintf("%s: systems[%d] (%s)", TokensFileEnv, i, tokens[i].Name) })
	if err != nil {
		return nil, err
	}
	return tokens, nil
}
