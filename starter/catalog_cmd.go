package main

import (
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
)

// catalogCmd runs `starter catalog`, which takes no flags but -h.
func (e *env) catalogCmd(args []string) error {
	fs := flag.NewFlagSet("catalog", flag.ContinueOnError)
	fs.SetOutput(e.out)
	fs.Usage = func() {
		fmt.Fprintln(e.out, "usage: starter catalog\n  list the catalog's task types: lanes, owners, SLAs, fallbacks, required fields; then the service tiers and approval rule.\n  It reads LANES_CATALOG (default: the built-in catalog) and needs no server.")
	}
	if err := parseAll(fs, args); err != nil {
		return err
	}
	return e.listCatalog()
}

func (e *env) listCatalog() error {
	tw := tabwriter.NewWriter(e.out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "catalog %s\n", e.catalog.Ref())
	fmt.Fprintln(tw, "TYPE\tLANE\tOWNER\tRESPONSE\tRESOLUTION\tFALLBACK\tREQUIRES\tNAME")
	for _, id := range e.catalog.IDs() {
		t, _ := e.catalog.TaskType(id)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Lane, t.OwnerRole, t.ResponseSLA, t.ResolutionSLA, t.Fallback,
			orNone(strings.Join(t.Requires, ",")), strings.TrimSpace(t.Name))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	p := e.catalog.IntakePolicy()
	_, err := fmt.Fprintf(e.out, "Service tiers: RICE full from %v, standard from %v; weighted full from %v, standard from %v; below: self-service (%s).\nApproval before completion from criticality %d, and on compliance exposure.\n",
		p.RICE.Full, p.RICE.Standard, p.Weighted.Full, p.Weighted.Standard, p.SelfService, p.ApprovalCriticality)
	return err
}
