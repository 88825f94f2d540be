package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
)

// maxPersonFileBytes bounds a person file; a person is a few hundred bytes.
const maxPersonFileBytes = 64 << 10

// personFlags describe a person joining a team, from a file or from flags. starter
// checks only that they are given and well formed; the roster judges what they say
// (hours in range, shares summing to 100, a known seniority), so its rules live in one place.
type personFlags struct {
	file, id, name, seniority, skills, allocations *string
	weeklyHours                                    *float64
}

func addPersonFlags(fs *flag.FlagSet) personFlags {
	return personFlags{
		file:        fs.String("person-file", "", "the person as JSON (- for stdin): id, name, seniority, skills, weeklyHours, allocations, timeOff"),
		id:          fs.String("id", "", "give the person's handle, like --id zed"),
		name:        fs.String("name", "", "the person's name as people read it, like \"Zed Ng\""),
		seniority:   fs.String("seniority", "", "give senior, specialist or coordinator"),
		skills:      fs.String("skills", "", "give the catalog skills they have, comma-separated, like --skills analysis,writing"),
		weeklyHours: fs.Float64("weekly-hours", 0, "give the hours a week left after meetings and overhead, like --weekly-hours 32"),
		allocations: fs.String("allocations", "", "percent per allocation summing to 100, like "+sharesExample+" (default 40/20/20/20)"),
	}
}

// sharesExample shows --allocations written out.
const sharesExample = "campaign-execution=40,reactive-support=20,optimization=20,automation-improvement=20"

// person reads the person from the file or the flags, never a mix of both.
func (p personFlags) person(fs *flag.FlagSet, stdin io.Reader) (roster.Person, error) {
	set := setFlags(fs)
	if *p.file != "" {
		for _, name := range []string{"id", "name", "seniority", "skills", "weekly-hours", "allocations"} {
			if set[name] {
				return roster.Person{}, fmt.Errorf("--%s: the person comes from --person-file; put it in the file or leave --person-file out", name)
			}
		}
		return readPerson(*p.file, stdin)
	}
	for _, name := range []string{"id", "seniority", "skills", "weekly-hours"} {
		if f := fs.Lookup(name); !set[name] || f.Value.String() == "" {
			return roster.Person{}, fmt.Errorf("--%s: required (or give --person-file); %s", name, f.Usage)
		}
	}
	shares, err := parseShares(*p.allocations)
	if err != nil {
		return roster.Person{}, err
	}
	return roster.Person{
		ID: *p.id, Name: *p.name, Seniority: roster.Seniority(*p.seniority),
		Skills: splitList(*p.skills), WeeklyHours: *p.weeklyHours, Allocations: shares,
	}, nil
}

// readPerson decodes a person file strictly, naming the field of any mistake.
func readPerson(path string, stdin io.Reader) (roster.Person, error) {
	data, err := readFile("--person-file", path, stdin, maxPersonFileBytes, "one person is a few lines")
	if err != nil {
		return roster.Person{}, err
	}
	return decodeStrict[roster.Person](data, path, jsonDoc{
		what:   "person",
		fields: "id, name, seniority, skills, weeklyHours, allocations, timeOff",
		one:    "give one person per file",
	})
}

// parseShares reads --allocations, like campaign-execution=50,reactive-support=50; empty means none given.
func parseShares(text string) (roster.Shares, error) {
	if strings.TrimSpace(text) == "" {
		return nil, nil
	}
	shares := roster.Shares{}
	for _, part := range splitList(text) {
		name, value, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("--allocations: %q is not allocation=percent; write them like %s", part, sharesExample)
		}
		a := catalog.Allocation(strings.TrimSpace(name))
		if err := a.Validate(); err != nil {
			return nil, fmt.Errorf("--allocations: %w", err)
		}
		if _, twice := shares[a]; twice {
			return nil, fmt.Errorf("--allocations: %s is given twice; give each allocation once", a)
		}
		n, err := strconv.Atoi(strings.TrimSpace(value))
		if err != nil {
			return nil, fmt.Errorf("--allocations: %s=%s is not a whole percent, like %s=40", a, value, a)
		}
		shares[a] = n
	}
	return shares, nil
}

// splitList splits a comma-separated flag, dropping blanks.
func splitList(text string) []string {
	var out []string
	for _, s := range strings.Split(text, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// checkWhen refuses a --from or --back that is neither a date nor an RFC 3339 time;
// the roster reads dates in the team's zone.
func checkWhen(flagName, text string) error {
	if text == "" {
		return nil
	}
	if _, err := time.Parse("2006-01-02", text); err == nil {
		return nil
	}
	if _, err := time.Parse(time.RFC3339, text); err == nil {
		return nil
	}
	return errors.New("--" + flagName + ": " + strconv.Quote(text) + " is neither a date like 2026-12-21 nor an RFC 3339 time like 2026-12-21T09:00:00-05:00")
}
