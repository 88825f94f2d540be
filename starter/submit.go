package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
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
	fs.StringVar(&req.Objective, "objective", "", "what the work is for")
	fs.StringVar(&req.Audience, "audience", "", "who the work reaches")
	fs.StringVar(&req.DueDate, "due", "", "when it is needed: 2026-12-01 (end of that day in the team's zone) or an RFC 3339 time")
	fs.StringVar(&req.BusinessUnit, "business-unit", "", "who the work is for")
	fs.BoolVar(&req.Rush, "rush", false, "needed sooner than usual")
	approver := fs.String("approver", "", "the person who approves (DACI); critical work waits for them")
	informed := fs.String("informed", "", "people told when the task completes, comma-separated (DACI)")
	rice := fs.String("rice", "", "RICE as reach,impact,confidence%,effort-weeks, e.g. 2000,2,80,4")
	priority := fs.String("priority", "", "weighted-score factors 1–5 as strategic,revenue,resources,deadline, e.g. 4,3,2,5")
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
	if err := briefFlags(&req, *approver, *informed, *rice, *priority); err != nil {
		return err
	}
	if *scores != "" {
		s, err := parseScores(*scores)
		if err != nil {
			return err
		}
		req.Scores = &s
	}
	// Prepared once, before dialling, so a bad request is named even when Temporal is down.
	if err := (&intake.Client{Catalog: e.catalog}).Prepare(&req); err != nil {
		return fmt.Errorf("invalid task request: %w", err)
	}
	in, closeClient, err := e.dial(ctx)
	if err != nil {
		return err
	}
	defer closeClient()
	sub, err := in.Start(ctx, req)
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
		fields: workflows.RequestFields(),
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
		{&file.Objective, flags.Objective}, {&file.Audience, flags.Audience}, {&file.DueDate, flags.DueDate},
		{&file.BusinessUnit, flags.BusinessUnit},
	} {
		if f.src != "" {
			*f.dst = f.src
		}
	}
	file.Rush = file.Rush || flags.Rush
	return file
}

// briefFlags sets the scores and DACI the flags give, over the file's.
func briefFlags(req *workflows.TaskRequest, approver, informed, rice, priority string) error {
	if approver != "" || informed != "" {
		if req.DACI == nil {
			req.DACI = &workflows.Governance{}
		}
		if approver != "" {
			req.DACI.Approver = approver
		}
		if informed != "" {
			req.DACI.Informed = strings.Split(informed, ",")
		}
	}
	if rice != "" {
		v, err := parseNumbers("--rice", rice, "reach,impact,confidence,effort", "2000,2,80,4", 4)
		if err != nil {
			return err
		}
		req.RICE = &catalog.RICE{Reach: v[0], Impact: v[1], Confidence: v[2], Effort: v[3]}
	}
	if priority != "" {
		v, err := parseNumbers("--priority", priority, "strategic,revenue,resources,deadline", "4,3,2,5", 4)
		if err != nil {
			return err
		}
		for _, f := range v {
			if f != math.Trunc(f) {
				return fmt.Errorf("--priority: %q needs whole numbers 1–5, like 4,3,2,5", priority)
			}
		}
		req.Priority = &catalog.PriorityFactors{StrategicPriority: int(v[0]), RevenueImpact: int(v[1]), ResourceNeeds: int(v[2]), DeadlineFeasibility: int(v[3])}
	}
	return nil
}

// parseNumbers reads n comma-separated numbers for a flag.
func parseNumbers(flagName, text, shape, example string, n int) ([]float64, error) {
	parts := strings.Split(text, ",")
	if len(parts) != n {
		return nil, fmt.Errorf("%s: %q is not %s; write it like %s", flagName, text, shape, example)
	}
	out := make([]float64, n)
	for i, p := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return nil, fmt.Errorf("%s: %q is not %s; write it like %s", flagName, text, shape, example)
		}
		out[i] = v
	}
	return out, nil
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
