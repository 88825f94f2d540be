package payloadcrypt

import (
	"encoding/base64"
	"strings"
	"testing"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
)

// BenchmarkEncryptDecrypt is the codec's cost on a task request of about 1 KiB: what
// every payload Lanes sends or reads pays on top of Temporal's round trip.
func BenchmarkEncryptDecrypt(b *testing.B) {
	k, err := Parse("bench="+base64.StdEncoding.EncodeToString(make([]byte, keySize)), EnvKeys)
	if err != nil {
		b.Fatal(err)
	}
	p, err := converter.GetDefaultDataConverter().ToPayload(map[string]string{"title": "Review spring hero banner", "description": strings.Repeat("brief ", 160)})
	if err != nil {
		b.Fatal(err)
	}
	in := []*commonpb.Payload{p}
	b.SetBytes(int64(len(p.Data)))
	for b.Loop() {
		sealed, err := k.Encode(in)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := k.Decode(sealed); err != nil {
			b.Fatal(err)
		}
	}
}
