package main

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

// intakeAnswer is one POST /v1/tasks and what the service answered, timed on the sender's clock.
type intakeAnswer struct {
	sent, answered time.Time
	// code is the HTTP status; 0 when no answer came, and err says why.
	code int
	// submission is the answer to a submit that started or found a task (201 or 200).
	submission intakeapi.SubmitAnswer
	// field and message are an error answer's {"error": {"field", "message"}}.
	field, message string
	err            error
}

// intakePoster is one intake system sending requests to the service over a pool of
// keep-alive connections, one per client sending at once.
type intakePoster struct {
	http  *http.Client
	url   string
	token string
}

func newIntakePoster(base, token string, clients int) *intakePoster {
	transport := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, IdleConnTimeout: time.Minute}
	return &intakePoster{
		http:  &http.Client{Transport: transport, Timeout: time.Minute},
		url:   base + "/v1/tasks",
		token: token,
	}
}

// post submits body with the poster's token.
func (p *intakePoster) post(ctx context.Context, body []byte) intakeAnswer {
	return p.postAs(ctx, p.token, body)
}

// postAs submits body with token as its bearer token; an empty token sends none.
func (p *intakePoster) postAs(ctx context.Context, token string, body []byte) (a intakeAnswer) {
	a.sent = time.Now()
	defer func() { a.answered = time.Now() }()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.url, bytes.NewReader(body))
	if err != nil {
		a.err = fmt.Errorf("build request: %w", err)
		return a
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := p.http.Do(req)
	if err != nil {
		a.err = err
		return a
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		a.err = fmt.Errorf("read answer %d: %w", resp.StatusCode, err)
		return a
	}
	a.code = resp.StatusCode
	if a.code == http.StatusOK || a.code == http.StatusCreated {
		if err := json.Unmarshal(data, &a.submission); err != nil {
			a.err = fmt.Errorf("decode answer %d: %w", a.code, err)
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
		a.err = fmt.Errorf("decode error answer %d: %w: %.200q", a.code, err, data)
	}
	a.field, a.message = e.Error.Field, e.Error.Message
	return a
}

func (p *intakePoster) close() { p.http.CloseIdleConnections() }
