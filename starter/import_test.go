package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/workflows"
)

func TestImportColumns(t *testing.T) {
	cols, err := importColumns()
	require.NoError(t, err)
	var names []string
	for _, c := range cols {
		names = append(names, c.name)
	}
	require.Equal(t, []string{
		"requestId", "taskType", "title", "description", "requester", "campaignId", "assignee",
		"scores.latency", "scores.criticality", "scores.automation", "payload",
		"objective", "audience", "dueDate", "assets", "successMetrics", "businessUnit", "rush",
		"rice.reach", "rice.impact", "rice.confidence", "rice.effort",
		"priority.strategicPriority", "priority.revenueImpact", "priority.resourceNeeds", "priority.deadlineFeasibility",
		"daci.driver", "daci.approver", "daci.consultants", "daci.informed",
	}, names, "every TaskRequest field but triage, which intake sets")
}

// everyColumn is a file that fills every column once, in a different order from TaskRequest's.
const everyColumn = `Title,taskType,requestId,description,requester,campaignId,assignee,objective,audience,dueDate,businessUnit,rush,` +
	`assets,successMetrics,scores.latency,scores.criticality,scores.automation,rice.reach,rice.impact,rice.confidence,rice.effort,` +
	`priority.strategicPriority,priority.revenueImpact,priority.resourceNeeds,priority.deadlineFeasibility,` +
	`daci.driver,daci.approver,daci.consultants,daci.informed,payload
"Review the hero, v2",creative-stakeholder-review,INT-1, Hero for web and email ,pat,spring-27,rosa,Lift spring sales,"Loyalty members, US",2027-03-31,Retail,yes,` +
	`https://x.example/a.png; https://x.example/b.pdf;,CTR ≥ 2%,5,4,2,4000,2,80,0.5,` +
	`5,4,2,3,pat,maya,lena;omar,rosa,"{""urls"": [""https://example.com/?utm_source=news""]}"
`

func TestReadImportCSV(t *testing.T) {
	type row struct {
		line int
		req  workflows.TaskRequest
		err  string
	}
	tests := []struct {
		name    string
		data    string
		want    []row
		wantErr []string // the whole file is refused; every part appears in the error
	}{
		{
			name: "every column, parsed by its field's type",
			data: everyColumn,
			want: []row{{line: 2, req: workflows.TaskRequest{
				RequestID: "INT-1", TaskType: "creative-stakeholder-review", Title: "Review the hero, v2", Description: "Hero for web and email",
				Requester: "pat", CampaignID: "spring-27", Assignee: "rosa", Objective: "Lift spring sales", Audience: "Loyalty members, US",
				DueDate: "2027-03-31", BusinessUnit: "Retail", Rush: true,
				Assets: []string{"https://x.example/a.png", "https://x.example/b.pdf"}, SuccessMetrics: []string{"CTR ≥ 2%"},
				Scores:   &catalog.Scores{Latency: 5, Criticality: 4, Automation: 2},
				RICE:     &catalog.RICE{Reach: 4000, Impact: 2, Confidence: 80, Effort: 0.5},
				Priority: &catalog.PriorityFactors{StrategicPriority: 5, RevenueImpact: 4, ResourceNeeds: 2, DeadlineFeasibility: 3},
				DACI:     &workflows.Governance{Driver: "pat", Approver: "maya", Consultants: []string{"lena", "omar"}, Informed: []string{"rosa"}},
				Payload:  json.RawMessage(`{"urls": ["https://example.com/?utm_source=news"]}`),
			}}},
		},
		{
			name: "Excel's CSV UTF-8: a BOM, CRLF line ends and header case",
			data: "\ufeffREQUESTID,TaskType, Title ,Rush\r\nR-1,routine-data-sync,Sync sign-ups,FALSE\r\nR-2,routine-data-sync,\"Two\r\nlines\",\r\n",
			want: []row{
				{line: 2, req: workflows.TaskRequest{RequestID: "R-1", TaskType: "routine-data-sync", Title: "Sync sign-ups"}},
				{line: 3, req: workflows.TaskRequest{RequestID: "R-2", TaskType: "routine-data-sync", Title: "Two\nlines"}},
			},
		},
		{
			name: "blank lines and empty rows are skipped; row numbers stay the file's lines",
			data: "requestId,taskType,title,rice.reach\n\nR-1,t,One,\n,,,\n  , ,,\nR-2,t,Two\n",
			want: []row{
				{line: 3, req: workflows.TaskRequest{RequestID: "R-1", TaskType: "t", Title: "One"}},
				{line: 6, req: workflows.TaskRequest{RequestID: "R-2", TaskType: "t", Title: "Two"}},
			},
		},
		{
			name: "a bad cell refuses its row only, naming the field",
			data: "requestId,taskType,title,rice.reach,rice.effort,scores.latency,rush,payload\n" +
				"R-1,t,One,100,two,,,\n" +
				"R-2,t,Two,\"1,000\",1,,,\n" +
				"R-3,t,Three,,,high,,\n" +
				"R-4,t,Four,,,2.5,,\n" +
				"R-5,t,Five,,,,maybe,\n" +
				"R-6,t,Six,,,,,{urls}\n" +
				"R-7,t,Seven,NaN,,,,\n" +
				"R-8,t,Eight,1,1,1,no,{},extra\n" +
				"R-9,t,Nine\n",
			want: []row{
				{line: 2, req: workflows.TaskRequest{RequestID: "R-1"}, err: `rice.effort: "two" is not a number; write digits like 1500 or 0.5, without units or thousands separators`},
				{line: 3, req: workflows.TaskRequest{RequestID: "R-2"}, err: `rice.reach: "1,000" is not a number`},
				{line: 4, req: workflows.TaskRequest{RequestID: "R-3"}, err: `scores.latency: "high" is not a whole number; write digits like 3`},
				{line: 5, req: workflows.TaskRequest{RequestID: "R-4"}, err: `scores.latency: "2.5" is not a whole number`},
				{line: 6, req: workflows.TaskRequest{RequestID: "R-5"}, err: `rush: "maybe" is not true or false; write true or false (yes or no)`},
				{line: 7, req: workflows.TaskRequest{RequestID: "R-6"}, err: `payload: not JSON; write it like {"urls": [`},
				{line: 8, req: workflows.TaskRequest{RequestID: "R-7"}, err: `rice.reach: "NaN" is not a number`},
				{line: 9, err: "9 cells, but the header names 8 columns; quote cells that hold commas"},
				{line: 10, req: workflows.TaskRequest{RequestID: "R-9", TaskType: "t", Title: "Nine"}},
			},
		},
		{
			name:    "unknown column",
			data:    "requestId,taskType,title,owner\nR-1,t,One,pat\n",
			wantErr: []string{`sheet.csv: header: unknown column "owner"; the columns are requestId, taskType, title,`, "rice.reach", "daci.informed"},
		},
		{name: "triage is intake's", data: "taskType,title,triage.tier\n", wantErr: []string{`unknown column "triage.tier"`}},
		{name: "a column twice", data: "taskType,title,Title\n", wantErr: []string{"sheet.csv: header: columns 2 and 3 are both title; keep one"}},
		{name: "a column without a name", data: "taskType,title,,\n", wantErr: []string{"sheet.csv: header: column 3 has no name; name it or delete the column"}},
		{name: "no title column", data: "requestId,taskType\nR-1,t\n", wantErr: []string{"sheet.csv: header: no title column; every row needs a taskType and a title"}},
		{name: "empty file", data: "", wantErr: []string{"sheet.csv: empty; the first row names the columns"}},
		{name: "only a BOM", data: "\ufeff", wantErr: []string{"sheet.csv: empty"}},
		{name: "header only", data: "taskType,title\r\n"},
		{
			name:    "a stray quote",
			data:    "taskType,title\nt,The \"big\" sale\n",
			wantErr: []string{"sheet.csv: parse error on line 2, column 7: bare \" in non-quoted-field; quote cells that hold commas, quotes or line breaks"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := readImportCSV([]byte(tt.data), "sheet.csv")
			if len(tt.wantErr) > 0 {
				require.Error(t, err)
				for _, part := range tt.wantErr {
					require.ErrorContains(t, err, part)
				}
				return
			}
			require.NoError(t, err)
			require.Len(t, rows, len(tt.want))
			for i, w := range tt.want {
				require.Equal(t, w.line, rows[i].line, "row %d", i)
				if w.err != "" {
					require.ErrorContains(t, rows[i].err, w.err)
					require.Equal(t, w.req.RequestID, rows[i].req.RequestID, "a rejected row still shows its requestId")
					continue
				}
				require.NoError(t, rows[i].err)
				require.Equal(t, w.req, rows[i].req)
			}
		})
	}
}

func TestImportRequestID(t *testing.T) {
	id := func(data string) string {
		t.Helper()
		rows, err := readImportCSV([]byte(data), "sheet.csv")
		require.NoError(t, err)
		require.Len(t, rows, 1)
		require.NoError(t, rows[0].err)
		return rows[0].req.RequestID
	}
	base := id("taskType,title,rice.reach\nroutine-data-sync,Sync sign-ups,10\n")
	// Pinned: a file's IDs must not change between Lanes versions, or a rerun after an upgrade would start every row again.
	require.Equal(t, "import-64a3a16ea641e0dd", base)
	require.Equal(t, base, id("RICE.Reach, Title ,TASKTYPE,requestId\n 10 ,Sync sign-ups,routine-data-sync,\n"),
		"column order, header case, spacing and empty cells do not change the ID")
	require.NotEqual(t, base, id("taskType,title,rice.reach\nroutine-data-sync,Sync sign-ups,11\n"))
	require.NotEqual(t, base, id("taskType,title,description\nroutine-data-sync,Sync sign-ups,10\n"),
		"the same text under another column is another request")
	require.Equal(t, "INT-9", id("taskType,title,requestId\nroutine-data-sync,Sync sign-ups,INT-9\n"))
}

// importTestEnv is an env whose clock stands at dec1, so the sample's due dates stay ahead.
func importTestEnv(t *testing.T, stdin string) (*env, *bytes.Buffer) {
	t.Helper()
	e, out := newTestEnv(t, nil, strings.NewReader(stdin))
	e.now = func() time.Time { return dec1 }
	return e, out
}

// sampleReport is the report on testdata/import.csv before anything is submitted.
func sampleReport(file string) importReport {
	return importReport{File: file, DryRun: true, Rows: []importResult{
		{Row: 2, RequestID: "INT-3001", Outcome: outcomeValid, TaskID: "task-INT-3001", Tier: catalog.TierFull},
		{Row: 3, RequestID: "import-952058b02c61cd47", Outcome: outcomeValid, TaskID: "task-import-952058b02c61cd47", Tier: catalog.TierStandard},
		{Row: 4, RequestID: "INT-3003", Outcome: outcomeValid, TaskID: "task-INT-3003", Tier: catalog.TierStandard},
		{Row: 5, RequestID: "import-958a638434d23664", Outcome: outcomeValid, TaskID: "task-import-958a638434d23664", Tier: catalog.TierSelfService},
		{Row: 6, RequestID: "import-952058b02c61cd47", Outcome: outcomeDuplicate, TaskID: "task-import-952058b02c61cd47", Tier: catalog.TierStandard,
			Reason: "the same request as row 3"},
		{Row: 7, RequestID: "INT-3006", Outcome: outcomeRejected, Field: "rice.effort",
			Reason: `rice.effort: "two" is not a number; write digits like 1500 or 0.5, without units or thousands separators`},
		{Row: 8, RequestID: "INT-3007", Outcome: outcomeRejected, Field: "taskType",
			Reason: `taskType: "banner-resize" is not in the catalog; use one of creative-stakeholder-review, launch-qa-blocker, live-campaign-outage, ` +
				`monthly-dashboard-refresh, paid-media-tracking-failure, pause-paid-campaign-404-spike, reporting-refresh, routine-data-sync, ` +
				`utm-naming-validation, weekly-lifecycle-email-qa`},
	}, Totals: importTotals{Rows: 7, Valid: 4, Duplicate: 1, Rejected: 2}}
}

func TestImportDryRunStartsNothing(t *testing.T) {
	sample, err := os.ReadFile(filepath.Join("testdata", "import.csv"))
	require.NoError(t, err)

	e, out := importTestEnv(t, string(sample))
	err = e.run(context.Background(), "import", []string{"-", "--dry-run", "--json"})
	require.EqualError(t, err, "import -: 2 of 7 rows rejected; fix them before importing")
	var got importReport
	require.NoError(t, json.Unmarshal(out.Bytes(), &got))
	require.Equal(t, sampleReport("-"), got)

	e, out = importTestEnv(t, "")
	err = e.run(context.Background(), "import", []string{"--dry-run", filepath.Join("testdata", "import.csv")})
	require.ErrorContains(t, err, "2 of 7 rows rejected")
	require.Equal(t, `ROW  REQUEST                  OUTCOME    TASK                          TIER
2    INT-3001                 valid      task-INT-3001                 full
3    import-952058b02c61cd47  valid      task-import-952058b02c61cd47  standard
4    INT-3003                 valid      task-INT-3003                 standard
5    import-958a638434d23664  valid      task-import-958a638434d23664  self-service
6    import-952058b02c61cd47  duplicate  task-import-952058b02c61cd47  standard
7    INT-3006                 rejected   -                             -
8    INT-3007                 rejected   -                             -
row 6: the same request as row 3
row 7: rice.effort: "two" is not a number; write digits like 1500 or 0.5, without units or thousands separators
row 8: `+sampleReport("").Rows[6].Reason+`
Dry run, nothing started: 7 rows, 4 valid, 1 duplicate, 2 rejected.
`, out.String())
}

func TestImportDuplicateRequestIDs(t *testing.T) {
	e, out := importTestEnv(t, "requestId,taskType,title\nR-1,routine-data-sync,Sync\nR-1,routine-data-sync,Sync\nR-1,routine-data-sync,Sync again\n")
	require.NoError(t, e.run(context.Background(), "import", []string{"-", "--dry-run"}))
	require.Contains(t, out.String(), "row 3: the same request as row 2\n"+
		"row 4: requestId R-1 is row 2's too, and only row 2 starts; give this row its own requestId\n"+
		"Dry run, nothing started: 3 rows, 1 valid, 2 duplicate, 0 rejected.\n")
}

// TestImportFailsBeforeDial: mistakes in the command or the file are named before anything starts.
func TestImportFailsBeforeDial(t *testing.T) {
	tooBig := "taskType,title\n" + strings.Repeat("routine-data-sync,Sync\n", maxImportBytes/20)
	tests := []struct {
		name    string
		args    []string
		stdin   string
		wantErr string
	}{
		{name: "no file", args: nil, wantErr: "FILE: required; name the CSV file to import, or - for stdin"},
		{name: "two files", args: []string{"a.csv", "--json", "b.csv"}, wantErr: `unexpected argument "b.csv"; import one file at a time`},
		{name: "no concurrency", args: []string{"-", "--concurrency", "0"}, wantErr: "--concurrency: 0 is outside 1–64; 8 suits most servers"},
		{name: "too much concurrency", args: []string{"--concurrency", "65", "-"}, wantErr: "--concurrency: 65 is outside 1–64"},
		{name: "missing file", args: []string{filepath.Join(t.TempDir(), "absent.csv")}, wantErr: "import: open "},
		{name: "over the size limit", args: []string{"-"}, stdin: tooBig, wantErr: "import -: over 8388608 bytes; split it into smaller files"},
		{name: "unknown column", args: []string{"-"}, stdin: "taskType,title,owner\n", wantErr: `-: header: unknown column "owner"`},
		{name: "undefined flag", args: []string{"-", "--wait", "5s"}, wantErr: "flag provided but not defined: -wait"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _ := importTestEnv(t, tt.stdin)
			err := e.run(context.Background(), "import", tt.args)
			require.ErrorContains(t, err, tt.wantErr)
		})
	}
}
