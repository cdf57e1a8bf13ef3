package web

import (
	"fmt"
	"maps"
	"math"
	"sort"
	"strings"

	"github.com/povsim/povsim/sim"
)

// Lever is a policy parameter the page shows as a slider or a switch.
type Lever struct {
	Path   string  `json:"path"`   // sim parameter path
	Label  string  `json:"label"`  // what the class reads
	Help   string  `json:"help"`   // one sentence on what it does in the model
	Group  string  `json:"group"`  // panel heading
	Kind   string  `json:"kind"`   // "range" or "switch"
	Min    float64 `json:"min"`    // range only
	Max    float64 `json:"max"`    //
	Step   float64 `json:"step"`   //
	Format string  `json:"format"` // "pct" (share shown in %), "ratio" (×1.5), "num", "years"
	Int    bool    `json:"-"`      // the parameter is a whole number
}

// levers are the policy levers, in the order the page shows them. Their
// ranges stay inside what sim.Params.Validate accepts.
var levers = []Lever{
	{Path: "transfers.subsidy.level", Label: "Consolidation subsidy", Group: "Transfers", Kind: "range",
		Min: 0, Max: 1.5, Step: 0.05, Format: "pct",
		Help: "Share of the transition-period subsidy (per person, formerly poor households) that is still paid"},
	{Path: "transfers.industrial.level", Label: "Industrial project dividends", Group: "Transfers", Kind: "range",
		Min: 0, Max: 1.5, Step: 0.05, Format: "pct",
		Help: "Share of the industrial dividends (per formerly poor household) that is still paid"},
	{Path: "transfers.indexed", Label: "Payments keep pace with the poverty line", Group: "Transfers", Kind: "switch",
		Help: "Subsidies, pensions, post pay and assistance grow with the line each year instead of staying fixed in yuan"},
	{Path: "ecommerce.coverage", Label: "Villages with e-commerce logistics", Group: "Livelihoods", Kind: "range",
		Min: 0, Max: 1, Step: 0.05, Format: "pct",
		Help: "Covered villages sell farm products at a better price and have a few more local jobs"},
	{Path: "training.rate", Label: "Laborers trained each year", Group: "Livelihoods", Kind: "range",
		Min: 0, Max: 0.3, Step: 0.01, Format: "pct",
		Help: "Training raises skills, and with them wages and the chance of finding a job"},
	{Path: "welfare_posts.per_hundred", Label: "Public welfare posts per 100 households", Group: "Livelihoods", Kind: "range",
		Min: 0, Max: 30, Step: 0.5, Format: "num",
		Help: "Paid village jobs (cleaning, patrols, care) for formerly poor and monitored households"},
	{Path: "health.reimbursement", Label: "Medical costs reimbursed", Group: "Health", Kind: "range",
		Min: 0, Max: 0.95, Step: 0.05, Format: "pct",
		Help: "Share of medical bills paid back by insurance"},
	{Path: "health.doctor_coverage", Label: "Villages with a rural doctor", Group: "Health", Kind: "range",
		Min: 0, Max: 1, Step: 0.05, Format: "pct",
		Help: "A standardized village doctor treats early: illnesses cost less and turn chronic less often"},
	{Path: "monitoring.enabled", Label: "Dynamic monitoring", Group: "Monitoring", Kind: "switch",
		Help: "Officials look for households at risk of falling back and assist them"},
	{Path: "monitoring.line_ratio", Label: "Monitoring line (× poverty line)", Group: "Monitoring", Kind: "range",
		Min: 1, Max: 2.5, Step: 0.1, Format: "ratio",
		Help: "Households with income under this line are at risk and can be identified"},
	{Path: "monitoring.detection", Label: "At-risk households found each year", Group: "Monitoring", Kind: "range",
		Min: 0, Max: 1, Step: 0.05, Format: "pct",
		Help: "Chance that monitoring identifies a household at risk in a given year"},
	{Path: "monitoring.lag", Label: "Years before help arrives", Group: "Monitoring", Kind: "range",
		Min: 0, Max: 3, Step: 1, Format: "years", Int: true,
		Help: "Delay from identification to the start of assistance"},
}

func leverByPath(path string) (Lever, bool) {
	for _, l := range levers {
		if l.Path == path {
			return l, true
		}
	}
	return Lever{}, false
}

// LeverState is a lever with its value in one scenario.
type LeverState struct {
	Lever
	Value any    `json:"value"` // float64 or bool: the value in force in the scenario's last year
	Start any    `json:"start"` // the value in its first year
	Note  string `json:"note,omitempty"`
}

// leverStates reads every lever's value in the model of a scenario: the
// value in force in the last simulated year (where the scenario's policy
// ends up), with a note when its timeline changes it.
func leverStates(m *sim.Model) []LeverState {
	first, last := m.Params(0), m.Params(m.Years()-1)
	out := make([]LeverState, 0, len(levers))
	for _, l := range levers {
		v0, _ := first.Get(l.Path)
		v1, _ := last.Get(l.Path)
		st := LeverState{Lever: l, Value: jsonValue(v1), Start: jsonValue(v0)}
		var path []string
		prev := v0
		for t := 1; t < m.Years(); t++ {
			p := m.Params(t)
			v, _ := p.Get(l.Path)
			if v != prev {
				path = append(path, fmt.Sprintf("%s from %d", formatLever(l, v), p.StartYear+t))
				prev = v
			}
		}
		if len(path) > 0 {
			st.Note = "This scenario: " + formatLever(l, v0) + " in " + fmt.Sprint(first.StartYear) + ", " + strings.Join(path, ", ")
		}
		out = append(out, st)
	}
	return out
}

func jsonValue(v any) any {
	switch x := v.(type) {
	case int:
		return float64(x)
	}
	return v
}

// formatLever renders a lever value as the page does.
func formatLever(l Lever, v any) string {
	switch x := v.(type) {
	case bool:
		if x {
			return "on"
		}
		return "off"
	case int:
		return formatLever(l, float64(x))
	case float64:
		switch l.Format {
		case "pct":
			return trimNum(100*x, 0) + "%"
		case "ratio":
			return "×" + trimNum(x, 2)
		case "years":
			if x == 1 {
				return "1 year"
			}
			return trimNum(x, 0) + " years"
		}
		return trimNum(x, 2)
	}
	return fmt.Sprint(v)
}

func trimNum(x float64, prec int) string {
	s := fmt.Sprintf("%.*f", prec, x)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// checkLevers validates the lever settings of a request: known paths,
// values of the right type inside the lever's range.
func checkLevers(set map[string]any) (map[string]any, error) {
	out := make(map[string]any, len(set))
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		l, ok := leverByPath(k)
		if !ok {
			return nil, fmt.Errorf("levers: %q is not one of the page's levers", k)
		}
		switch l.Kind {
		case "switch":
			b, ok := set[k].(bool)
			if !ok {
				return nil, fmt.Errorf("levers: %s (%s) wants true or false, got %s", l.Label, k, asJSON(set[k]))
			}
			out[k] = b
		default:
			x, ok := set[k].(float64)
			if !ok || math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, fmt.Errorf("levers: %s (%s) wants a number, got %s", l.Label, k, asJSON(set[k]))
			}
			if x < l.Min-1e-9 || x > l.Max+1e-9 {
				return nil, fmt.Errorf("levers: %s (%s) must lie between %s and %s, got %s",
					l.Label, k, formatLever(l, l.Min), formatLever(l, l.Max), formatLever(l, x))
			}
			if l.Int {
				if x != math.Trunc(x) {
					return nil, fmt.Errorf("levers: %s (%s) wants a whole number, got %v", l.Label, k, x)
				}
			}
			out[k] = x
		}
	}
	return out, nil
}

// asJSON says what a decoded JSON value was, as the request wrote it: null,
// the text "NaN", an object (not <nil>, NaN or map[…]).
func asJSON(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("the text %q", truncate(v, 40))
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	}
	return fmt.Sprint(v)
}

// applyLevers returns cfg with the settings in force from year on: the
// scenario's own timeline changes of those parameters from that year on are
// replaced, earlier ones kept. From the first simulated year the settings
// replace the starting values and, as a scenario's own settings do, start
// in that year: the year before runs on the values they replaced (unless
// cfg's warm-up settings already hold one), so the page's two runs start
// from the same households' last incomes.
func applyLevers(cfg sim.Config, set map[string]any, year int) (sim.Config, error) {
	out := sim.Config{Params: cfg.Params.Clone(), Before: cfg.Before}
	if len(set) == 0 {
		out.Timeline = append(out.Timeline, cfg.Timeline...)
		return out, nil
	}
	start := cfg.Params.StartYear
	for _, ch := range cfg.Timeline {
		keep := make(map[string]any, len(ch.Set))
		for k, v := range ch.Set {
			if _, ours := set[k]; ours && ch.Year >= year {
				continue
			}
			keep[k] = v
		}
		if len(keep) > 0 {
			out.Timeline = append(out.Timeline, sim.Change{Year: ch.Year, Set: keep})
		}
	}
	if year <= start {
		before := maps.Clone(cfg.Before)
		for k, v := range set {
			old, err := out.Params.Get(k)
			if err == nil {
				err = out.Params.Set(k, v)
			}
			if err != nil {
				return sim.Config{}, fmt.Errorf("levers: %s: %w", k, err)
			}
			if _, held := before[k]; !held {
				if before == nil {
					before = map[string]any{}
				}
				before[k] = old
			}
		}
		out.Before = before
		return out, nil
	}
	ch := sim.Change{Year: year, Set: make(map[string]any, len(set))}
	for k, v := range set {
		ch.Set[k] = v
	}
	out.Timeline = append(out.Timeline, ch)
	return out, nil
}
