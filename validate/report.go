package validate

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Report is the outcome of Run: one PairReport per pair, in input order,
// and the overall verdict. It renders as an aligned text table (WriteText,
// String) and as JSON (WriteJSON, or encoding/json directly). It is plain
// data: safe for concurrent reads, not for concurrent changes.
type Report struct {
	// Verdict is the worst verdict of all pairs: Fail if any check failed,
	// otherwise Inconclusive if any was inconclusive, otherwise Pass.
	Verdict Verdict `json:"verdict"`
	// Pairs are the pairs' reports, in input order.
	Pairs []PairReport `json:"pairs"`
}

// PairReport is the outcome of one pair's checks.
type PairReport struct {
	// Name is the pair's label.
	Name string `json:"name"`
	// Blue and Green are the tables' names; Blue is "" when the pair has
	// none.
	Blue  string `json:"blue,omitempty"`
	Green string `json:"green"`
	// Verdict is the worst verdict of Results.
	Verdict Verdict `json:"verdict"`
	// Results are the checks' results, in check order.
	Results []Result `json:"results"`
}

// Counts returns the number of results with each verdict.
func (r *Report) Counts() (pass, fail, inconclusive int) {
	for _, p := range r.Pairs {
		for _, res := range p.Results {
			switch res.Verdict {
			case Pass:
				pass++
			case Fail:
				fail++
			default:
				inconclusive++
			}
		}
	}
	return pass, fail, inconclusive
}

// cell makes a value fit one table cell: no tabs or line breaks.
func cell(s string) string {
	if s == "" {
		return "-"
	}
	return strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s)
}

// WriteText writes the report as an aligned table, one line per result,
// then the samples of violations, then the overall verdict:
//
//	PAIR    CHECK      VERDICT  OBSERVED                 THRESHOLD  REASON
//	orders  row_count  Fail     9,800 vs 10,000 (-2%)    ±1%        green has 2.00% fewer rows than blue (9,800 vs 10,000); allowed 1.00%
//
//	verdict: Fail (1 failed, 0 inconclusive, 0 passed)
func (r *Report) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PAIR\tCHECK\tVERDICT\tOBSERVED\tTHRESHOLD\tREASON")
	for _, p := range r.Pairs {
		for _, res := range p.Results {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", cell(p.Name), cell(res.Check), cell(string(res.Verdict)),
				cell(res.Observed), cell(res.Threshold), cell(res.Reason))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, p := range r.Pairs {
		for _, res := range p.Results {
			if res.Sample == nil || len(res.Sample.Rows) == 0 {
				continue
			}
			fmt.Fprintf(w, "\nsample of %s / %s (%d rows):\n", p.Name, res.Check, len(res.Sample.Rows))
			tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
			cols := make([]string, len(res.Sample.Columns))
			for i, c := range res.Sample.Columns {
				cols[i] = cell(c)
			}
			fmt.Fprintln(tw, "  "+strings.Join(cols, "\t"))
			for _, row := range res.Sample.Rows {
				cells := make([]string, len(row))
				for i, c := range row {
					cells[i] = cell(c)
				}
				fmt.Fprintln(tw, "  "+strings.Join(cells, "\t"))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
		}
	}
	pass, fail, inconclusive := r.Counts()
	_, err := fmt.Fprintf(w, "\nverdict: %s (%d failed, %d inconclusive, %d passed)\n", r.Verdict, fail, inconclusive, pass)
	return err
}

// String returns the report as WriteText writes it.
func (r *Report) String() string {
	var b strings.Builder
	_ = r.WriteText(&b) // a strings.Builder does not fail
	return b.String()
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
