package report

import (
	"fmt"
	"sort"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/sim"
)

// causeRule is docs/MODEL.md §4 step 11's rule in one sentence.
const causeRule = "Each return is given one cause, by a rule: the shock of the year that cost the household most in yuan " +
	"(out-of-pocket medical costs for illness, the wage lost to a laborer's disability or job loss, disaster damage and lost crops, " +
	"a farm-price collapse, a cut in transfers), or, in a year without any shock, no labor capacity if no member can work and low income otherwise."

// causeNames are the causes as the report writes them, by sim.Cause name.
var causeNames = map[string]string{
	"illness": "illness", "disability": "disability", "job_loss": "job loss", "disaster": "disaster",
	"price": "price collapse", "transfer_cut": "transfer cut", "no_labor": "no labor capacity",
	"low_income": "low income",
}

// causeView is the section "Why households fall back": per scenario, the
// registered returns and the income-poverty returns by cause over every
// year and replication.
type causeView struct {
	Rule  string
	Lead  []string
	Table table
	Rows  []causeCounts // the numbers behind the table, per scenario and measure
	Note  string
}

// causeCounts are one scenario's events of one kind by cause.
type causeCounts struct {
	Scenario, Of string
	Events       int
	ByCause      []int     // in sim.Cause order
	Shares       []float64 // ByCause / Events (all 0 without events)
}

// causeMeasures are the two kinds of return the section explains, with
// their column titles.
var causeMeasures = []struct{ of, title string }{
	{analysis.EventsRegistered, "registered"},
	{analysis.EventsIncomePoor, "income poverty"},
}

// causes builds the section from the summaries' counts by cause; a
// comparison read from an older folder lacks them, and the section says so.
func causes(in *Input) causeView {
	c := in.Comparison
	v := causeView{Rule: causeRule}
	for _, s := range c.Summaries {
		for _, m := range causeMeasures {
			cc, ok := s.CauseCount(m.of)
			if !ok {
				v.Note = "Not shown: these saved results hold no counts by cause (written by an older povsim); run the comparison again."
				v.Rows = nil
				return v
			}
			if err := cc.Check(); err != nil {
				v.Note = "Not shown: " + s.Scenario + "'s " + err.Error()
				v.Rows = nil
				return v
			}
			v.Rows = append(v.Rows, countsOf(s.Scenario, cc))
		}
	}
	v.Table = causeTable(c, v.Rows)
	for i, s := range c.Summaries {
		v.Lead = append(v.Lead, causeWords(s.Scenario, v.Rows[2*i], v.Rows[2*i+1]))
	}
	v.Table.Note = fmt.Sprintf("Share of each measure's returns over %s and all %d replications, with the number of returns counted in parentheses (in the simulated population, summed over the replications). A column adds up to its returns.",
		span(c), c.Reps)
	return v
}

func countsOf(scenario string, cc analysis.CauseCount) causeCounts {
	r := causeCounts{Scenario: scenario, Of: cc.Of, Events: cc.Events}
	for _, cs := range cc.Causes {
		r.ByCause = append(r.ByCause, cs.Events)
		sh := 0.0
		if cs.Share != nil {
			sh = *cs.Share
		}
		r.Shares = append(r.Shares, sh)
	}
	return r
}

// causeTable lays the counts out: a row per cause, a column per scenario
// and measure, and a last row of all causes.
func causeTable(c analysis.Comparison, rows []causeCounts) table {
	t := table{ID: "causes", Caption: fmt.Sprintf("Why households fall back: returns by cause, %s (%% of the returns, number)", span(c)), Head: []string{"Cause"}}
	for i, r := range rows {
		t.Head = append(t.Head, r.Scenario+": "+causeMeasures[i%len(causeMeasures)].title)
	}
	// Cells are added whole: the count in parentheses is no interval.
	for k := sim.Cause(0); k < sim.NumCauses; k++ {
		row := []cell{{Main: causeNames[k.String()]}}
		for _, r := range rows {
			row = append(row, cell{Main: shareCount(r.Shares[k], r.ByCause[k], r.Events)})
		}
		t.Rows = append(t.Rows, row)
	}
	total := []cell{{Main: "all causes"}}
	for _, r := range rows {
		sum := 0.0
		for _, sh := range r.Shares {
			sum += sh
		}
		total = append(total, cell{Main: shareCount(sum, r.Events, r.Events)})
	}
	t.Rows = append(t.Rows, total)
	return t
}

func shareCount(share float64, n, events int) string {
	if events == 0 {
		return "— (0)"
	}
	return fmt.Sprintf("%s%% (%s)", thousands(100*share, 0), thousands(float64(n), 0))
}

// causeWords names a scenario's leading causes by measure.
func causeWords(scenario string, reg, inc causeCounts) string {
	return fmt.Sprintf("Under %s, %s; %s.", scenario, leading(reg, "registered returns"), leading(inc, "returns by income"))
}

// leading names the (up to) three largest causes of r: "illness (45%),
// low income (20%) and job loss (10%) lead the 40 registered returns".
func leading(r causeCounts, what string) string {
	if r.Events == 0 {
		return "no " + what + " were counted"
	}
	idx := make([]int, len(r.ByCause))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return r.ByCause[idx[a]] > r.ByCause[idx[b]] })
	var parts []string
	for _, i := range idx[:3] {
		if r.ByCause[i] == 0 {
			break
		}
		parts = append(parts, fmt.Sprintf("%s (%s%%)", causeNames[sim.Cause(i).String()], thousands(100*r.Shares[i], 0)))
	}
	verb := "lead"
	if len(parts) == 1 {
		verb = "explains"
	}
	return fmt.Sprintf("%s %s the %s %s", joinAnd(parts), verb, thousands(float64(r.Events), 0), what)
}
