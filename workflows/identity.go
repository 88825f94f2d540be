package workflows

import (
	"fmt"
	"strings"

	"github.com/lanes-dev/lanes/strictjson"
)

// The ways a door knows who sent an action (Identity.Kind).
const (
	// IdentityPerson is a person signed in with the company's identity provider: the
	// intake service checked their token, whose Subject and Issuer the action carries.
	IdentityPerson = "person"
	// IdentitySystem is an intake system relaying a person's action with its token
	// (scope relay): System is the token's name in LANES_INTAKE_TOKENS.
	IdentitySystem = "system"
	// IdentityOperator is someone acting straight on Temporal (starter, `temporal
	// workflow signal`, a script with a Temporal client) or through an intake service
	// run with --insecure-dev: whoever can reach the namespace, with nothing checked.
	IdentityOperator = "operator"
)

// Bounds on an identity's texts, which every record of an action keeps whole. Its
// texts are printable ASCII that JSON writes as is (no <, >, &, " or \), so a
// hundred records of them stay within the status's budget.
const (
	// MaxSubjectLength bounds a person's subject: OpenID Connect caps sub at 255 ASCII characters.
	MaxSubjectLength = 255
	// MaxIssuerLength bounds an issuer URL.
	MaxIssuerLength = 300
	// MaxSystemNameLength bounds an intake system's token name.
	MaxSystemNameLength = 100
)

// Identity is what the door an action came through knew of its sender, next to the
// actor the action names: the task keeps it in the action's record, its history and
// the ledger. Only the door sets it; a request body that names one is refused.
type Identity struct {
	// Kind is IdentityPerson, IdentitySystem or IdentityOperator.
	Kind string `json:"kind"`
	// Subject and Issuer are a signed-in person's token's sub and iss.
	Subject string `json:"subject,omitempty"`
	Issuer  string `json:"issuer,omitempty"`
	// System is the intake system's token name, for a relayed action.
	System string `json:"system,omitempty"`
}

// PersonIdentity is a person the identity provider vouched for.
func PersonIdentity(subject, issuer string) *Identity {
	return &Identity{Kind: IdentityPerson, Subject: subject, Issuer: issuer}
}

// SystemIdentity is an intake system relaying a person's action.
func SystemIdentity(name string) *Identity { return &Identity{Kind: IdentitySystem, System: name} }

// OperatorIdentity is someone acting straight on Temporal, or through an unverified service.
func OperatorIdentity() *Identity { return &Identity{Kind: IdentityOperator} }

// String says through what an action came, as a status line reads it after "via".
func (id *Identity) String() string {
	switch {
	case id == nil:
		return "no identity"
	case id.Kind == IdentityPerson:
		return fmt.Sprintf("sign-in %s at %s", id.Subject, id.Issuer)
	case id.Kind == IdentitySystem:
		return "intake system " + id.System
	case id.Kind == IdentityOperator:
		return "operator"
	}
	return "identity " + id.Kind
}

// fields lists the identity's texts as the errors name them, with their bounds.
func (id *Identity) fields() []boundedText {
	return []boundedText{
		{field: "identity.subject", value: id.Subject, max: MaxSubjectLength},
		{field: "identity.issuer", value: id.Issuer, max: MaxIssuerLength},
		{field: "identity.system", value: id.System, max: MaxSystemNameLength},
	}
}

// Check refuses an identity whose fields do not fit its kind, or whose texts are
// over their bounds or hold characters other than printable ASCII that JSON writes
// as is, naming the field. No identity is fine: the action came straight through Temporal.
func (id *Identity) Check() error {
	if id == nil {
		return nil
	}
	for _, f := range id.fields() {
		if err := CheckIdentityText(f.field, f.value, f.max); err != nil {
			return err
		}
	}
	switch id.Kind {
	case IdentityPerson:
		if id.Subject == "" || id.Issuer == "" || id.System != "" {
			return strictjson.Fieldf("identity", "a person's identity has a subject and an issuer, and no system").Fixf("set by the intake service from the person's sign-in token")
		}
	case IdentitySystem:
		if id.System == "" || id.Subject != "" || id.Issuer != "" {
			return strictjson.Fieldf("identity", "an intake system's identity has a system, and no subject or issuer").Fixf("set by the intake service from the system's token")
		}
	case IdentityOperator:
		if id.Subject != "" || id.Issuer != "" || id.System != "" {
			return strictjson.Fieldf("identity", "an operator's identity has only its kind").Fixf(`send {"kind": "operator"} or leave identity out`)
		}
	default:
		return strictjson.Fieldf("identity.kind", "%q is not person, system or operator", clip(id.Kind, 40)).Fixf("leave identity out: the door that takes the action sets it")
	}
	return nil
}

// CheckIdentityText refuses an identity's text over max characters or with a
// character other than printable ASCII that JSON writes as is, naming field: the
// doors check a token's subject and a system's name with it before they act.
func CheckIdentityText(field, value string, max int) error {
	if len(value) > max {
		return strictjson.Fieldf(field, "over %d characters (%d)", max, len(value)).Fixf("identities are short IDs")
	}
	for _, c := range []byte(value) {
		if c < 0x20 || c > 0x7e || strings.IndexByte(`"\<>&`, c) >= 0 {
			return strictjson.Fieldf(field, "holds %q, which an identity may not", rune(c)).Fixf(`use printable ASCII without <, >, &, " or \`)
		}
	}
	return nil
}

// recorded is the identity a record of the action keeps: the one it came with, or
// an operator's when it came with none or with one the task refuses, as only a
// client acting straight on Temporal sends such an action.
func recorded(id *Identity) *Identity {
	if id == nil || id.Check() != nil {
		return OperatorIdentity()
	}
	return id
}
