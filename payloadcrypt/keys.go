// Package payloadcrypt encrypts what Lanes hands Temporal (briefs, notes, people's
// names in task inputs, results, signals and summaries) with AES-256-GCM before it
// leaves the process, so the Temporal server and its database hold only ciphertext.
// Keys carry IDs: a new key goes first and encrypts, and payloads written under the
// older keys still decrypt for as long as those keys stay listed.
package payloadcrypt

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
)

// The variables FromEnv reads; set one of them, or neither to leave payloads unencrypted.
const (
	// EnvKeys holds the keys themselves: keyID=base64key pairs, comma-separated.
	EnvKeys = "LANES_PAYLOAD_KEYS"
	// EnvKeysFile names a file holding the same pairs, one a line, for a secret mounted as a file.
	EnvKeysFile = "LANES_PAYLOAD_KEYS_FILE"
)

// keySize is AES-256's key length in bytes.
const keySize = 32

// keyIDPattern keeps key IDs short and printable: they travel in every payload's metadata.
var keyIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// Keyring holds the payload keys: the first encrypts, every one decrypts.
// A nil *Keyring means payloads are not encrypted.
type Keyring struct {
	ids    []string
	aeads  map[string]cipher.AEAD
	source string
}

// FromEnv reads the keys from LANES_PAYLOAD_KEYS or the file LANES_PAYLOAD_KEYS_FILE
// names, through getenv (nil means os.Getenv). Neither set gives nil: no encryption.
// Each error names the variable and the fix, and never shows key material.
func FromEnv(getenv func(string) string) (*Keyring, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	text, path := strings.TrimSpace(getenv(EnvKeys)), strings.TrimSpace(getenv(EnvKeysFile))
	switch {
	case text != "" && path != "":
		return nil, fmt.Errorf("%s: is set beside %s; set the keys in one of them, not both", EnvKeysFile, EnvKeys)
	case path != "":
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w; point it at the key file (keyID=base64key, one a line) or unset it", EnvKeysFile, err)
		}
		return Parse(string(b), EnvKeysFile)
	case text != "":
		return Parse(text, EnvKeys)
	}
	return nil, nil
}

// Parse reads keyID=base64key entries separated by commas or line breaks, the first
// being the one that encrypts; blank lines and lines starting with # are skipped.
// source names where the text came from, in errors.
func Parse(text, source string) (*Keyring, error) {
	k := &Keyring{aeads: map[string]cipher.AEAD{}, source: source}
	seen := map[string]string{}
	entries := strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == '\n' || r == '\r' })
	for i, entry := range entries {
		entry = strings.TrimSpace(entry)
		if entry == "" || strings.HasPrefix(entry, "#") {
			continue
		}
		id, encoded, ok := strings.Cut(entry, "=")
		id, encoded = strings.TrimSpace(id), strings.TrimSpace(encoded)
		if !ok || !keyIDPattern.MatchString(id) {
			return nil, fmt.Errorf("%s: entry %d is not keyID=base64key with an ID of letters, digits, '.', '_' or '-' (at most 64); write it like 2026-q1=$(openssl rand -base64 32)", source, i+1)
		}
		if _, dup := k.aeads[id]; dup {
			return nil, fmt.Errorf("%s: key ID %s is listed twice; give each key its own ID", source, id)
		}
		key, err := decodeKey(encoded)
		if err != nil {
			return nil, fmt.Errorf("%s: the key of %s %w", source, id, err)
		}
		if other, reused := seen[string(key)]; reused {
			return nil, fmt.Errorf("%s: %s holds the same key as %s; a new ID needs a new key", source, id, other)
		}
		aead, err := newAEAD(key)
		if err != nil {
			return nil, fmt.Errorf("%s: the key of %s: %w", source, id, err)
		}
		seen[string(key)] = id
		k.ids = append(k.ids, id)
		k.aeads[id] = aead
	}
	if len(k.ids) == 0 {
		return nil, fmt.Errorf("%s: holds no keys; add keyID=base64key entries (openssl rand -base64 32 makes a key) or unset it", source)
	}
	return k, nil
}

// decodeKey reads a base64 key, padded or not, and checks it is 256 bits.
func decodeKey(encoded string) ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		key, err = base64.RawStdEncoding.DecodeString(encoded)
	}
	if err != nil {
		return nil, errors.New("is not base64; make one with openssl rand -base64 32")
	}
	if len(key) != keySize {
		return nil, fmt.Errorf("is %d bytes; AES-256 needs %d: make one with openssl rand -base64 32", len(key), keySize)
	}
	return key, nil
}

// newAEAD is AES-256-GCM with a random nonce drawn for every payload and kept in front
// of its ciphertext, so no nonce bookkeeping can repeat one.
func newAEAD(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCMWithRandomNonce(block)
}

// EncryptingKeyID is the ID of the key new payloads are encrypted with.
func (k *Keyring) EncryptingKeyID() string { return k.ids[0] }

// Describe says in one line whether payloads are encrypted and under which keys,
// for start-up output; a nil Keyring says they are not.
func (k *Keyring) Describe() string {
	if k == nil {
		return fmt.Sprintf("not encrypted (%s unset): the Temporal server stores briefs, notes and names in clear", EnvKeys)
	}
	return fmt.Sprintf("encrypted with AES-256-GCM under key %s; %d key(s) decrypt (%s), from %s",
		k.ids[0], len(k.ids), strings.Join(k.ids, ", "), k.source)
}
