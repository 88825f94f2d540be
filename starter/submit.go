package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/workflows"
)

// maxIntakeFileBytes bounds an intake file: the payload limit plus room for the fields.
const maxIntakeFileBytes = workflows.MaxPayloadBytes + 64<<10

func (e *env) submit(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("submit", flag.ContinueOnError)
	fs.SetOutput(e.out)
	file := fs.String("file", "", "intake request as JSON (- for stdin); flags below override its fields")
	var req workflows.TaskRequest
	fs.StringVar(&req.RequestID, "request-id", "", "the intake system's request ID (default: a new UUID)")
	fs.StringVar(&req.TaskType, "type", "", "task type ID (starter catalog lists them)")
	fs.StringVar(&req.Title, "title", "", "one line saying what is asked")
	fs.StringVar(&req.Description, "description", "", "details")
	fs.StringVar(&req.Requester, "requester", "", "who asks; told when the task completes")
	fs.StringVar(&req.CampaignID, "campaign", "", "campaign ID the task concerns")
	fs.StringVar(&req.Assignee, "assignee", "", "a person to take human work instead of the owner role's queue")
	payload := fs.String("payload", "", "JSON handed to the automation")
	scores := fs.String("scores", "", "override the type's scores as latency,criticality,automation, e.g. 5,5,2")
	wait := fs.Duration("wait", 15*time.Second, "how long to wait for the worker to classify the task")
	asJSON := fs.Bool("json", false, "print the task's state as JSON")
	if err := parseAll(fs, args); err != nil {
		return err
	}
	if *file != "" {
		fromFile, err := e.readIntake(*file)
		if err != nil {
			return err
		}
		req = merge(fromFile, req)
	}
	if *payload != "" {
		req.Payload = json.RawMessage(*payload)
	}
	if *scores != "" {
		s, err := parseScores(*scores)
		if err != nil {
			return err
		}
		req.Scores = &s
	}
	// Checked before dialling, so a bad request is named even when Temporal is down.
	if err := (&intake.Client{Catalog: e.catalog}).Prepare(&req); err != nil {
		return fmt.Errorf("invalid task request: %w", err)
	}
	in, closeClient, err := e.dial(ctx)
	if err != nil {
		return err
	}
	defer closeClient()
	sub, err := in.Submit(ctx, req)
	if err != nil {
		return err
	}
	wctx, cancel := context.WithTimeout(ctx, *wait)
	defer cancel()
	st, waitErr := in.WaitFor(wctx, sub.TaskID, intake.Classified)
	if *asJSON {
		out := map[string]any{"submission": sub, "status": st}
		if waitErr != nil {
			out["waitError"] = waitErr.Error()
		}
		return e.printJSON(out)
	}
	if sub.Duplicate {
		fmt.Fprintf(e.out, "Task %s was already submitted (request %s); nothing new started.\n", sub.TaskID, req.RequestID)
	} else {
		fmt.Fprintf(e.out, "Task %s started.\n", sub.TaskID)
	}
	if waitErr != nil {
		fmt.Fprintf(e.out, "The task is kept by Temporal, but the worker has not classified it yet (%v).\n", waitErr)
		return nil
	}
	e.printSummary(st)
	return nil
}

// readIntake decodes an intake file strictly, naming the field of any mistake.
func (e *env) readIntake(path string) (workflows.TaskRequest, error) {
	data, err := readFile("--file", path, e.stdin, maxIntakeFileBytes, "link large content instead of embedding it in payload")
	if err != nil {
		return workflows.TaskRequest{}, err
	}
	return decodeIntake(data, path)
}

func decodeIntake(data []byte, name string) (workflows.TaskRequest, error) {
	return decodeStrict[workflows.TaskRequest](data, name, jsonDoc{
		what:   "intake request",
		fields: "requestId, taskType, title, description, requester, campaignId, assignee, scores, payload",
		one:    "submit one request per file",
	})
}

// merge lets flags given on the command line override the file's fields.
func merge(file, flags workflows.TaskRequest) workflows.TaskRequest {
	for _, f := range []struct {
		dst *string
		src string
	}{
		{&file.RequestID, flags.RequestID}, {&file.TaskType, flags.TaskType}, {&file.Title, flags.Title},
		{&file.Description, flags.Description}, {&file.Requester, flags.Requester},
		{&file.CampaignID, flags.CampaignID}, {&file.Assignee, flags.Assignee},
	} {
		if f.src != "" {
			*f.dst = f.src
		}
	}
	return file
}

func parseScores(text string) (catalog.Scores, error) {
	var s catalog.Scores
	parts := strings.Split(text, ",")
	values := []*int{&s.Latency, &s.Criticality, &s.Automation}
	if len(parts) != len(values) {
		return s, fmt.Errorf("--scores: %q is not latency,criticality,automation; write it like 5,5,2", text)
	}
	for i, p := range parts {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil {
			return s, fmt.Errorf("--scores: %q is not latency,criticality,automation; write it like 5,5,2", text)
		}
		*values[i] = n
	}
	if err := s.Validate(); err != nil {
		return s, fmt.Errorf("--scores: %w", err)
	}
	return s, nil
}
