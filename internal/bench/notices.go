package bench

import (
	"context"
	"sync"

	"github.com/lanes-dev/lanes/activities"
)

// NoticeBoard is the notifier of a bench or a test: it hands each task's notices to
// whoever follows the task, so nobody real is paged.
type NoticeBoard struct {
	mu    sync.Mutex
	watch map[string]chan activities.Notification
}

var _ activities.Notifier = (*NoticeBoard)(nil)

// NewNoticeBoard is a board that nobody follows yet.
func NewNoticeBoard() *NoticeBoard {
	return &NoticeBoard{watch: map[string]chan activities.Notification{}}
}

// Follow returns the task's notices from now on.
func (b *NoticeBoard) Follow(taskID string) <-chan activities.Notification {
	ch := make(chan activities.Notification, 16)
	b.mu.Lock()
	b.watch[taskID] = ch
	b.mu.Unlock()
	return ch
}

// Forget stops handing out the task's notices.
func (b *NoticeBoard) Forget(taskID string) {
	b.mu.Lock()
	delete(b.watch, taskID)
	b.mu.Unlock()
}

// Send delivers a notice to the task's follower, if any; it never blocks the activity.
func (b *NoticeBoard) Send(_ context.Context, n activities.Notification) error {
	b.mu.Lock()
	ch := b.watch[n.TaskID]
	b.mu.Unlock()
	if ch != nil {
		select {
		case ch <- n:
		default:
		}
	}
	return nil
}
