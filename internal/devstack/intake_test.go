package devstack

import (
	"net"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDevIntakeNeedsTokensOrInsecureDev(t *testing.T) {
	env := func(tokens string) func(string) string {
		return func(k string) string {
			if k == "LANES_INTAKE_TOKENS" {
				return tokens
			}
			return ""
		}
	}
	off, err := openDevIntake("127.0.0.1:0", false, env(""))
	require.NoError(t, err)
	require.Nil(t, off.ln)
	require.Equal(t, "off: set LANES_INTAKE_TOKENS or LANES_OIDC_ISSUER, or pass --insecure-dev", off.off)

	open, err := openDevIntake("127.0.0.1:0", true, env(""))
	require.NoError(t, err)
	require.NotNil(t, open.ln)
	open.close()

	withTokens, err := openDevIntake("127.0.0.1:0", false, env("forms=forms-token-0123456789"))
	require.NoError(t, err)
	require.Len(t, withTokens.access.Tokens, 1)
	withTokens.close()

	_, err = openDevIntake("127.0.0.1:0", true, env("forms=short"))
	require.ErrorContains(t, err, "LANES_INTAKE_TOKENS: entry forms: the token is shorter")

	busy, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer busy.Close()
	_, err = openDevIntake(busy.Addr().String(), true, env(""))
	require.ErrorContains(t, err, "--intake-addr: ")
	require.ErrorContains(t, err, "choose a free port")

	none, err := openDevIntake("", true, env(""))
	require.NoError(t, err)
	require.Contains(t, none.off, "--intake-addr is empty")
}
