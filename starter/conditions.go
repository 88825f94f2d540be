package main

import (
	"context"
	"errors"

	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/workflows"
)

func (e *env) waitOnRequester(ctx context.Context, args []string) error {
	a := e.actionFlags(workflows.SignalWaitOnRequester)
	reason := a.fs.String("reason", "", "what the requester owes")
	if err := a.parse(args); err != nil {
		return err
	}
	return sendAction(ctx, e, a, workflows.SignalWaitOnRequester, workflows.WaitOnRequesterSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: *a.actor}, Reason: *reason})
}

func (e *env) resume(ctx context.Context, args []string) error {
	a := e.actionFlags(workflows.SignalResume)
	note := a.fs.String("note", "", "what the requester answered")
	if err := a.parse(args); err != nil {
		return err
	}
	return sendAction(ctx, e, a, workflows.SignalResume, workflows.ResumeSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: *a.actor}, Note: *note})
}

func (e *env) raiseSeverity(ctx context.Context, args []string) error {
	a := e.actionFlags(workflows.SignalRaiseSeverity)
	scores := a.fs.String("scores", "", "the new latency,criticality,automation, e.g. 5,5,2 (required)")
	reason := a.fs.String("reason", "", "why it is more severe")
	if err := a.parse(args); err != nil {
		return err
	}
	if *scores == "" {
		return errors.New("--scores: required; the new latency,criticality,automation, e.g. 5,5,2")
	}
	s, err := parseScores(*scores)
	if err != nil {
		return err
	}
	return sendAction(ctx, e, a, workflows.SignalRaiseSeverity, workflows.RaiseSeveritySignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: *a.actor}, Scores: s, Reason: *reason})
}

func (e *env) block(ctx context.Context, args []string) error {
	a := e.actionFlags(workflows.SignalBlock)
	dependency := a.fs.String("dependency", "", "what blocks the task (required)")
	if err := a.parse(args); err != nil {
		return err
	}
	if *dependency == "" {
		return errors.New("--dependency: required; say what blocks the task")
	}
	return sendAction(ctx, e, a, workflows.SignalBlock, workflows.BlockSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: *a.actor}, Dependency: *dependency})
}

func (e *env) flagCompliance(ctx context.Context, args []string) error {
	a := e.actionFlags(workflows.SignalFlagCompliance)
	reason := a.fs.String("reason", "", "the compliance exposure (required)")
	if err := a.parse(args); err != nil {
		return err
	}
	if *reason == "" {
		return errors.New("--reason: required; say what the compliance exposure is")
	}
	return sendAction(ctx, e, a, workflows.SignalFlagCompliance, workflows.FlagComplianceSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: *a.actor}, Reason: *reason})
}

func (e *env) approve(ctx context.Context, args []string) error {
	a := e.actionFlags(workflows.SignalApprove)
	note := a.fs.String("note", "", "the approver's note")
	if err := a.parse(args); err != nil {
		return err
	}
	return sendAction(ctx, e, a, workflows.SignalApprove, workflows.ApproveSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: *a.actor}, Note: *note})
}
