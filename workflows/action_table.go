package workflows

// Actions lists what people do to a task: the task's own actions in the order its
// event loop takes them, then acknowledge-escalation, which goes to the escalation.
// The signal names and JSON fields are what people and scripts send with
// `temporal workflow signal`; they do not change.
func Actions() []Action {
	note := func(help string) ActionField { return ActionField{Name: "note", Help: help} }
	reason := func(help string) ActionField { return ActionField{Name: "reason", Help: help} }
	return []Action{
		withMessage[AcknowledgeSignal](Action{
			Name: SignalAcknowledge, Help: "take a task (stops its response clock)",
			Who:    "the assignee or the person the roster booked, or anyone while a role's queue holds the task",
			Fields: []ActionField{note("a note")},
		}),
		withMessage[CompleteSignal](Action{
			Name: SignalComplete, Help: "close a task with an outcome and the hours the work took",
			Who: "the assignee",
			Fields: []ActionField{
				{Name: "outcome", Help: "resolved, declined or duplicate", Default: OutcomeResolved},
				note("what was done"),
				{
					Name: "hours", Help: "the hours the work took, like 1.5 (default: the working time since you were assigned)",
					Kind: NumberField, Fix: "give the time the work took, like --hours 1.5",
				},
			},
		}),
		withMessage[HandBackSignal](Action{
			Name: SignalHandBack, Help: "return a task to its owner role's queue",
			Who:    "the assignee or a manager on the team's roster",
			Fields: []ActionField{reason("why it goes back")},
		}),
		withMessage[ReassignSignal](Action{
			Name: SignalReassign, Help: "move a task to another person (a rostered task moves on its team's roster; managers only)",
			Who: "the holder, or anyone while a role's queue holds the task",
			Fields: []ActionField{
				{Name: "to", Help: "the person who takes the task", Required: true, Fix: "name the person who takes the task"},
				reason("why it moves (the roster keeps no reason for a task it staffs)"),
			},
		}),
		withMessage[WaitOnRequesterSignal](Action{
			Name: SignalWaitOnRequester, Help: "pause the resolution clock until the requester answers",
			Who:    "the assignee or their manager, or anyone while a role's queue holds the task",
			Fields: []ActionField{reason("what the requester owes")},
		}),
		withMessage[ResumeSignal](Action{
			Name: SignalResume, Help: "restart the resolution clock with the time that was left",
			Who:    "anyone",
			Fields: []ActionField{note("what the requester answered")},
		}),
		withMessage[RaiseSeveritySignal](Action{
			Name: SignalRaiseSeverity, Help: "reclassify with higher scores (tightens clocks, escalates)",
			Who: "anyone",
			Fields: []ActionField{
				{
					Name: "scores", Help: "the new latency,criticality,automation, e.g. 5,5,2", Kind: ScoresField,
					Required: true, Fix: "the new latency,criticality,automation, e.g. 5,5,2",
				},
				reason("why it is more severe"),
			},
		}),
		withMessage[BlockSignal](Action{
			Name: SignalBlock, Help: "report a dependency that blocks the task (escalates)",
			Who:    "anyone",
			Fields: []ActionField{{Name: "dependency", Help: "what blocks the task", Required: true, Fix: "say what blocks the task"}},
		}),
		withMessage[FlagComplianceSignal](Action{
			Name: SignalFlagCompliance, Help: "report compliance exposure (escalates to level 2, needs approval)",
			Who:    "anyone",
			Fields: []ActionField{{Name: "reason", Help: "the compliance exposure", Required: true, Fix: "say what the compliance exposure is"}},
		}),
		withMessage[ApproveSignal](Action{
			Name: SignalApprove, Help: "sign off a task that needs approval (criticality 4+ or compliance)",
			Who:    "the approver: daci.approver, else a team manager other than the holder",
			Fields: []ActionField{note("the approver's note")},
		}),
		withMessage[EscalationAckSignal](Action{
			Name: SignalEscalationAck, Help: "take the escalation climbing on a task, which stops the climb",
			Who:    "anyone; the first acknowledgement stops the climb",
			Fields: []ActionField{note("a note")}, Escalation: true,
		}),
	}
}
