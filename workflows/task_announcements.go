package workflows

// announcements are what the task told the world outside it: the search attributes
// it last published, and how many notices it sent, which numbers each notice's
// idempotency key.
type announcements struct {
	published searchState
	sent      int
}

// changed records the search attributes about to be published; false when they
// are the ones published last, so nothing needs upserting.
func (a *announcements) changed(next searchState) bool {
	if next == a.published {
		return false
	}
	a.published = next
	return true
}

// nextNotice numbers a notice about to be sent.
func (a *announcements) nextNotice() int {
	a.sent++
	return a.sent
}
