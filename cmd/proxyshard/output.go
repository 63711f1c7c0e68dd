package main

import (
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"github.com/proxyshard/proxyshard-go/facade"
)

// cell is one value in its two forms: for people on a terminal, and for
// programs in a pipe (money in cents, times in RFC 3339, booleans as
// true/false), which never changes between releases.
type cell struct{ human, machine string }

func text(s string) cell { return cell{s, s} }

func number(n int) cell { return text(strconv.Itoa(n)) }

func money(c facade.Cents) cell { return cell{c.String(), strconv.FormatInt(int64(c), 10)} }

func yesNo(b bool) cell {
	if b {
		return cell{"yes", "true"}
	}
	return cell{"no", "false"}
}

func when(t facade.Timestamp) cell {
	if t.Time.IsZero() {
		return text(t.Raw)
	}
	return cell{t.Time.UTC().Format("2006-01-02 15:04 MST"), t.Time.UTC().Format(time.RFC3339)}
}

// field is one line of a single record.
type field struct {
	key   string // the machine name, such as balance_cents
	label string // what a person reads, such as Balance
	value cell
}

// printList prints rows: a table with a header on a terminal,
// tab-separated lines without a header in a pipe, or v as JSON.
func (a *app) printList(columns []string, rows [][]cell, v any) error {
	if a.global.json {
		return a.printJSON(v)
	}
	if !a.outTTY {
		for _, row := range rows {
			parts := make([]string, len(row))
			for i, c := range row {
				parts[i] = machineSafe(c.machine)
			}
			if _, err := io.WriteString(a.stdout, strings.Join(parts, "\t")+"\n"); err != nil {
				return err
			}
		}
		return nil
	}
	if len(rows) == 0 {
		_, err := io.WriteString(a.stdout, "(none)\n")
		return err
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	headers := make([]string, len(columns))
	for i, c := range columns {
		headers[i] = strings.ToUpper(strings.ReplaceAll(c, "_", " "))
	}
	_, _ = io.WriteString(tw, strings.Join(headers, "\t")+"\n")
	for _, row := range rows {
		parts := make([]string, len(row))
		for i, c := range row {
			parts[i] = humanSafe(c.human)
		}
		_, _ = io.WriteString(tw, strings.Join(parts, "\t")+"\n")
	}
	return tw.Flush()
}

// printRecord prints one object: "Label:  value" lines on a terminal,
// "key<TAB>value" lines in a pipe, or v as JSON.
func (a *app) printRecord(fields []field, v any) error {
	if a.global.json {
		return a.printJSON(v)
	}
	if !a.outTTY {
		var b strings.Builder
		for _, f := range fields {
			b.WriteString(f.key + "\t" + machineSafe(f.value.machine) + "\n")
		}
		_, err := io.WriteString(a.stdout, b.String())
		return err
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	for _, f := range fields {
		_, _ = io.WriteString(tw, f.label+":\t"+humanSafe(f.value.human)+"\n")
	}
	return tw.Flush()
}

func (a *app) printJSON(v any) error {
	enc := json.NewEncoder(a.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// machineSafe keeps a value on its line and in its column: a tag with a
// tab or a line break would otherwise shift every column after it.
var machineEscaper = strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)

func machineSafe(s string) string { return machineEscaper.Replace(s) }

// humanSafe shows control characters as "?" so that text from the API (a
// tag, a message) cannot move the cursor or recolour the terminal; an
// empty value is "-".
func humanSafe(s string) string {
	if s == "" {
		return "-"
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '?'
		}
		return r
	}, s)
}
