package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/lanes-dev/lanes/intakeapi"
)

// IntakeAnswer is one POST /v1/tasks and what the service answered, timed on the sender's clock.
type IntakeAnswer struct {
	Sent, Answered time.Time
	// Code is the HTTP status; 0 when no answer came, and Err says why.
	Code int
	// Submission is the answer to a submit that started or found a task (201 or 200).
	Submission intakeapi.SubmitAnswer
	// Field and Message are an error answer's {"error": {"field", "message"}}.
	Field, Message string
	Err            error
}

// IntakePoster is one intake system sending requests to the service over a pool of
// keep-alive connections, one per client sending at once.
type IntakePoster struct {
	http  *http.Client
	url   string
	token string
}

// NewIntakePoster sends to the service at base with token, over up to clients connections.
func NewIntakePoster(base, token string, clients int) *IntakePoster {
	transport := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, IdleConnTimeout: time.Minute}
	return &IntakePoster{
		http:  &http.Client{Transport: transport, Timeout: time.Minute},
		url:   base + "/v1/tasks",
		token: token,
	}
}

// Post submits body with the poster's token.
func (p *IntakePoster) Post(ctx context.Context, body []byte) IntakeAnswer {
	return p.PostAs(ctx, p.token, body)
}

// PostAs submits body with token as its bearer token; an empty token sends none.
func (p *IntakePoster) PostAs(ctx context.Context, token string, body []byte) (a IntakeAnswer) {
	a.Sent = time.Now()
	defer func() { a.Answered = time.Now() }()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.url, bytes.NewReader(body))
	if err != nil {
		a.Err = fmt.Errorf("build request: %w", err)
		return a
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := p.http.Do(req)
	if err != nil {
		a.Err = err
		return a
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		a.Err = fmt.Errorf("read answer %d: %w", resp.StatusCode, err)
		return a
	}
	a.Code = resp.StatusCode
	if a.Code == http.StatusOK || a.Code == http.StatusCreated {
		if err := json.Unmarshal(data, &a.Submission); err != nil {
			a.Err = fmt.Errorf("decode answer %d: %w", a.Code, err)
		}
		return a
	}
	var e struct {
		Error struct {
			Field   string `json:"field"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(data, &e); err != nil {
		a.Err = fmt.Errorf("decode error answer %d: %w: %.200q", a.Code, err, data)
	}
	a.Field, a.Message = e.Error.Field, e.Error.Message
	return a
}

// Close closes the idle connections.
func (p *IntakePoster) Close() { p.http.CloseIdleConnections() }
