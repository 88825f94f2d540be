package workflows

// keep adds a record to the signal log, which holds the latest maxSignalRecords
// accepted actions and the latest maxRejectedRecords rejected ones, in the order
// received. A rejected record keeps a summary of what was sent; rejectedSignals
// counts every rejected action, also those the log no longer lists.
func (t *taskRun) keep(rec SignalRecord) {
	st := &t.status
	if !rec.Accepted {
		st.RejectedSignals++
		rec.Name, rec.Actor, rec.SignalID = clip(rec.Name, maxRecordText), clip(rec.Actor, maxRecordText), clip(rec.SignalID, maxRecordText)
		rec.Detail, rec.Reason = clip(rec.Detail, maxRecordText), clip(rec.Reason, maxRecordReason)
	}
	st.Signals = trimSignalLog(append(st.Signals, rec))
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
