package intakeapi

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"strings"
)

// TokensEnv is the variable that holds the intake systems' tokens.
const TokensEnv = "LANES_INTAKE_TOKENS"

// Token is one intake system's bearer token; Name appears in the log of its requests.
type Token struct {
	Name  string
	Value string
}

// minTokenLength keeps guessable tokens out of the configuration.
const minTokenLength = 16

// ParseTokens reads LANES_INTAKE_TOKENS: comma-separated name=token pairs, one per
// intake system, such as "forms=3f9c…,jira=a71d…". Empty text gives no tokens.
func ParseTokens(text string) ([]Token, error) {
	var tokens []Token
	names, values := map[string]bool{}, map[string]bool{}
	for i, pair := range strings.Split(text, ",") {
		pair = strings.TrimSpace(pair)
		if pair == "" {
			continue
		}
		name, value, ok := strings.Cut(pair, "=")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		switch {
		case !ok || name == "":
			return nil, fmt.Errorf("%s: entry %d is not name=token; write it like forms=<token>,jira=<token>", TokensEnv, i+1)
		case len(value) < minTokenLength:
			return nil, fmt.Errorf("%s: the token of %s is shorter than %d characters; generate one with openssl rand -hex 32", TokensEnv, name, minTokenLength)
		case names[name]:
			return nil, fmt.Errorf("%s: %s is named twice; give each intake system one name", TokensEnv, name)
		case values[value]:
			return nil, fmt.Errorf("%s: %s reuses another system's token; give each intake system its own", TokensEnv, name)
		}
		names[name], values[value] = true, true
		tokens = append(tokens, Token{Name: name, Value: value})
	}
	return tokens, nil
}

// match returns the name of the token presented, comparing in constant time against
// every token, so the time taken says nothing about which one nearly matched.
func match(tokens []Token, presented string) (string, bool) {
	found := ""
	for _, t := range tokens {
		if subtle.ConstantTimeCompare([]byte(t.Value), []byte(presented)) == 1 {
			found = t.Name
		}
	}
	return found, found != ""
}

// authenticate lets a request through only with one of tokens as its bearer token,
// and records the intake system's name for the log. No tokens lets every request in.
func authenticate(tokens []Token) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		if len(tokens) == 0 {
			return next
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			scheme, presented, _ := strings.Cut(r.Header.Get("Authorization"), " ")
			name, ok := match(tokens, strings.TrimSpace(presented))
			if !ok || !strings.EqualFold(scheme, "Bearer") {
				w.Header().Set("WWW-Authenticate", `Bearer realm="lanes"`)
				writeError(w, http.StatusUnauthorized, apiError{
					Field:   "Authorization",
					Message: "missing or unknown bearer token; send Authorization: Bearer <token> with your intake system's token",
				})
				return
			}
			if info := infoOf(r.Context()); info != nil {
				info.client = name
			}
			next.ServeHTTP(w, r)
		})
	}
}
