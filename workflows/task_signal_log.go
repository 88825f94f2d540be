package workflows

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/workflow"
)

// signalLog is the task's record of the actions people sent it: the latest
// maxSignalRecords accepted and the latest maxRejectedRecords rejected, in the order
// received, with counts of every rejected and every unknown one.
type signalLog struct {
	records  []SignalRecord
	rejected int // every rejected action, also those the log no longer lists
	unknown  int // the signals whose names the task does not know
}

// keep adds a record to the log, and gives it as kept. A rejected record keeps a
// summary of what was sent.
func (l *signalLog) keep(rec SignalRecord) SignalRecord {
	if !rec.Accepted {
		l.rejected++
		rec.Name, rec.Actor, rec.SignalID = clip(rec.Name, maxRecordText), clip(rec.Actor, maxRecordText), clip(rec.SignalID, maxRecordText)
		rec.Detail, rec.Reason = clip(rec.Detail, maxRecordText), clip(rec.Reason, maxRecordReason)
	}
	l.records = trimSignalLog(append(l.records, rec))
	return rec
}

// record logs a human action in the status and the ledger, accepted or with the
// reason it was not, and answers the update that sent it, if one waits in a.
func (l *signalLog) record(logger log.Logger, a *answers, out *ledgerOutbox, rec SignalRecord, err error) {
	name := rec.Name
	rec.Accepted, rec.Resent = err == nil, isResend(err)
	if err != nil {
		rec.Reason = err.Error()
		// A refusal is an expected answer to a person, not trouble: one line, no stack.
		logger.Info("Signal refused", "signal", name, "actor", rec.Actor, "identity", rec.Identity.String(), "reason", rec.Reason)
	}
	rec = l.keep(rec)
	out.action(rec)
	a.give(rec)
}

// show puts the log in the task's status.
func (l *signalLog) show(st *TaskStatus) {
	st.Signals, st.RejectedSignals, st.UnknownSignals = l.records, l.rejected, l.unknown
}

// trimSignalLog drops the oldest accepted records past maxSignalRecords and the
// oldest rejected ones past maxRejectedRecords, so a flood of refused actions never
// pushes the accepted ones out.
func trimSignalLog(recs []SignalRecord) []SignalRecord {
	rejected := 0
	for _, r := range recs {
		if !r.Accepted {
			rejected++
		}
	}
	dropAccepted, dropRejected := max(0, len(recs)-rejected-maxSignalRecords), max(0, rejected-maxRejectedRecords)
	if dropAccepted == 0 && dropRejected == 0 {
		return recs
	}
	kept := make([]SignalRecord, 0, len(recs)-dropAccepted-dropRejected)
	for _, r := range recs {
		switch {
		case r.Accepted && dropAccepted > 0:
			dropAccepted--
		case !r.Accepted && dropRejected > 0:
			dropRejected--
		default:
			kept = append(kept, r)
		}
	}
	return kept
}

// HumanActions lists the signals people send to a task, in the order its event loop takes them.
func HumanActions() []string {
	var names []string
	for _, a := range Actions() {
		if !a.Escalation {
			names = append(names, a.Name)
		}
	}
	return names
}

// unknownSignalReason says what a task takes instead of a signal it does not know.
func unknownSignalReason(taskID, name string) string {
	if name == SignalEscalationAck {
		return fmt.Sprintf("unknown action on a task; send %s to its escalation workflow, %s-escalation-<cycle> (escalating in the status)", name, taskID)
	}
	return "unknown action; the actions are " + strings.Join(slices.Sorted(slices.Values(HumanActions())), ", ")
}

// watchUnknownSignals records each signal whose name the task does not know as a
// rejected action naming the actions it takes, so a misspelt name such as
// "acknowlege" leaves a trace in the status and the log instead of waiting unread.
func (l *signalLog) watchUnknown(ctx workflow.Context, logger log.Logger, answers *answers, out *ledgerOutbox, taskID string) {
	known := map[string]bool{SignalEscalationLevel: true, SignalRosterNotice: true}
	for _, name := range HumanActions() {
		known[name] = true
	}
	workflow.Go(ctx, func(ctx workflow.Context) {
		for {
			var unknown []string
			err := workflow.Await(ctx, func() bool {
				unknown = unknownSignalNames(ctx, known)
				return len(unknown) > 0
			})
			if err != nil {
				return // cancelled: the task is closing
			}
			for _, name := range unknown {
				ch := workflow.GetSignalChannel(ctx, name)
				var raw converter.RawValue // any payload, JSON or not, is taken
				for ch.ReceiveAsync(&raw) {
					l.onUnknown(ctx, logger, answers, out, taskID, name, raw)
				}
			}
		}
	})
}

// unknownSignalNames lists, sorted, the names of the signals waiting unread that the task does not know.
func unknownSignalNames(ctx workflow.Context, known map[string]bool) []string {
	var names []string
	for _, name := range workflow.GetUnhandledSignalNames(ctx) {
		if !known[name] {
			names = append(names, name)
		}
	}
	slices.Sort(names) // the SDK lists them in map order
	return names
}

// onUnknownSignal records one signal of an unknown name, with its actor and ID when
// it carries them as a JSON action does, so its sender can find the answer.
func (l *signalLog) onUnknown(ctx workflow.Context, logger log.Logger, answers *answers, out *ledgerOutbox, taskID, name string, raw converter.RawValue) {
	l.unknown++
	var header struct {
		SignalID string    `json:"signalId"`
		Actor    string    `json:"actor"`
		Identity *Identity `json:"identity"`
	}
	if p := raw.Payload(); p != nil && string(p.GetMetadata()["encoding"]) == "json/plain" && len(p.GetData()) <= maxSignalBytes {
		// Decoding JSON is deterministic; workflowcheck cannot see through its reflection.
		_ = json.Unmarshal(p.GetData(), &header) //workflowcheck:ignore
	}
	rec := SignalRecord{
		Name: clip(name, maxRecordText), SignalID: clip(header.SignalID, maxRecordText), Actor: clip(header.Actor, maxRecordText),
		Identity: recorded(header.Identity), At: workflow.Now(ctx),
	}
	l.record(logger, answers, out, rec, errors.New(unknownSignalReason(taskID, name)))
}
