package payloadcrypt

import (
	"fmt"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
	"google.golang.org/protobuf/proto"
)

// Payload metadata the codec writes; Temporal and its UI show them as they are.
const (
	// EncodingEncrypted marks a payload this codec encrypted. A payload without it is
	// left as it is on decode, so payloads written before encryption was on still read.
	EncodingEncrypted = "binary/encrypted"
	// MetadataKeyID names the key that encrypted the payload.
	MetadataKeyID = "encryption-key-id"
)

var _ converter.PayloadCodec = (*Keyring)(nil)

// UnknownKeyError is a payload encrypted under a key the keyring does not hold.
type UnknownKeyError struct {
	// KeyID is the key the payload names.
	KeyID string
	// Source is the variable the keyring came from.
	Source string
}

// Error names the key and how to read the payload again.
func (e *UnknownKeyError) Error() string {
	return fmt.Sprintf("payload encrypted with key %q, which %s does not hold; list that key after the current one: keys decrypt until removed", e.KeyID, e.Source)
}

// Encode encrypts each payload, whole (data and metadata), under the first key. The
// key's ID is bound to the ciphertext, so a payload relabelled with another ID fails.
func (k *Keyring) Encode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	id := k.ids[0]
	aead := k.aeads[id]
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		plain, err := proto.Marshal(p)
		if err != nil {
			return payloads, fmt.Errorf("encrypt payload %d: %w", i, err)
		}
		out[i] = &commonpb.Payload{
			Metadata: map[string][]byte{
				converter.MetadataEncoding: []byte(EncodingEncrypted),
				MetadataKeyID:              []byte(id),
			},
			Data: aead.Seal(nil, nil, plain, []byte(id)),
		}
	}
	return out, nil
}

// Decode decrypts the payloads this codec encrypted and passes the others through.
// A payload under a key the keyring lacks is an *UnknownKeyError; one that fails
// authentication was altered, and is refused.
func (k *Keyring) Decode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		if string(p.GetMetadata()[converter.MetadataEncoding]) != EncodingEncrypted {
			out[i] = p
			continue
		}
		id := string(p.GetMetadata()[MetadataKeyID])
		aead, ok := k.aeads[id]
		if !ok {
			return payloads, fmt.Errorf("decrypt payload %d: %w", i, &UnknownKeyError{KeyID: id, Source: k.source})
		}
		plain, err := aead.Open(nil, nil, p.GetData(), []byte(id))
		if err != nil {
			return payloads, fmt.Errorf("decrypt payload %d: it does not authenticate under key %q: it was altered, or another key was given that ID", i, id)
		}
		var decoded commonpb.Payload
		if err := proto.Unmarshal(plain, &decoded); err != nil {
			return payloads, fmt.Errorf("decrypt payload %d: %w", i, err)
		}
		out[i] = &decoded
	}
	return out, nil
}

// DataConverter is Temporal's default converter with every payload going through
// the keyring: what a client or worker is given to encrypt what it sends.
func (k *Keyring) DataConverter() converter.DataConverter {
	return converter.NewCodecDataConverter(converter.GetDefaultDataConverter(), k)
}

// FailureConverter moves an error's message and stack trace into an encrypted
// payload, since a refusal may quote a brief; Temporal otherwise stores them in clear.
func (k *Keyring) FailureConverter() converter.FailureConverter {
	return temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{
		DataConverter: k.DataConverter(), EncodeCommonAttributes: true,
	})
}
