package workflows

// Action is one thing people do to a task, with what every door needs to take it:
// the HTTP service (POST /v1/tasks/{id}/{name}), starter's command of the same name,
// and the task's listener. Adding an action is an entry in Actions and its message
// type: a struct embedding ActionHeader, with detail, texts and, for rules of its
// own, check.
type Action struct {
	// Name is the signal's name, such as "acknowledge", as `temporal workflow signal` sends it.
	Name string
	// Help says in one line what the action does.
	Help string
	// Who says who may send it; the task checks it when it applies the action.
	Who string
	// Fields are the message's own fields, after signalId and actor, in the order a door asks for them.
	Fields []ActionField
	// Escalation marks an action that goes to the task's climbing escalation
	// workflow, which the task's status names, rather than to the task.
	Escalation bool

	newMessage func() HumanSignal
	decode     func(raw []byte) (HumanSignal, error)
}

// ActionField is one of an action's own fields, as a door asks for it.
type ActionField struct {
	// Name is the field's JSON name, and starter's flag.
	Name string
	// Help says what to give.
	Help string
	// Kind is how the field is written.
	Kind FieldKind
	// Default is the value a door gives when it is left out, such as "resolved" for an outcome.
	Default string
	// Required marks a field the action is refused without.
	Required bool
	// Fix says what to give when a door refuses the value: missing, or not a number.
	Fix string
}

// FieldKind is how an action's field is written.
type FieldKind int

// The kinds of an action's fields.
const (
	// TextField is a string.
	TextField FieldKind = iota
	// NumberField is a number, such as hours.
	NumberField
	// ScoresField is a catalog.Scores object; starter reads it as latency,criticality,automation.
	ScoresField
)

// New gives a pointer to an empty message of the action's type.
func (a Action) New() HumanSignal { return a.newMessage() }

// Decode reads an action's JSON strictly into a pointer to its message and checks it,
// as the task reads it: unknown fields, a missing actor and texts over their bounds are
// errors naming the field.
func (a Action) Decode(raw []byte) (HumanSignal, error) { return a.decode(raw) }

// FieldNames lists the JSON fields a person sends in the action: signalId, actor and
// the action's own (sentAt and identity are stamped by the doors).
func (a Action) FieldNames() []string {
	names := []string{"signalId", "actor"}
	for _, f := range a.Fields {
		names = append(names, f.Name)
	}
	return names
}

// withMessage gives an action its message type T. P is *T, which the compiler holds
// to editable, so every message in the table can be trimmed and stamped.
func withMessage[T HumanSignal, P interface {
	*T
	HumanSignal
	editable
}](a Action) Action {
	a.newMessage = func() HumanSignal { return P(new(T)) }
	a.decode = func(raw []byte) (HumanSignal, error) {
		v, err := DecodeSignal[T](raw)
		return P(&v), err
	}
	return a
}

// LookupAction finds the action with a signal name.
func LookupAction(name string) (Action, bool) {
	for _, a := range Actions() {
		if a.Name == name {
			return a, true
		}
	}
	return Action{}, false
}
