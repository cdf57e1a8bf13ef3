package analysis_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/sim"
)

// Every key has a distinct name that ParseOutcome reads back to it, a label
// and a unit.
func TestOutcomeKeysRoundTrip(t *testing.T) {
	seen := map[string]analysis.OutcomeKey{}
	keys := analysis.AllOutcomes()
	if want := 29 + int(sim.NumPrograms) + int(sim.NumTypes) + 2*int(analysis.NumIncomeGroups) + 3*int(sim.NumCauses); len(keys) != want {
		t.Fatalf("%d keys, want %d", len(keys), want)
	}
	for _, k := range keys {
		name := k.String()
		if prev, dup := seen[name]; dup {
			t.Errorf("%v and %v are both named %q", prev, k, name)
		}
		seen[name] = k
		if got, err := analysis.ParseOutcome(name); err != nil || got != k {
			t.Errorf("ParseOutcome(%q) = %v, %v; want %d", name, got, err, k)
		}
		if k.Label() == "" || k.Unit() == "" {
			t.Errorf("%s: label %q unit %q", name, k.Label(), k.Unit())
		}
	}
	for name, want := range map[string]analysis.OutcomeKey{
		"return_rate": analysis.ReturnRate, "cost": analysis.Cost, "extra_cost": analysis.ExtraCost,
		"cost.dibao":                           analysis.CostOf(sim.CostDibao),
		"return_rate.elderly-only":             analysis.ReturnRateOf(sim.TypeElderlyOnly),
		"registered_return":                    analysis.RegisteredReturn,
		"income_share.business":                analysis.IncomeShareOf(analysis.IncomeBusiness),
		"cause.illness":                        analysis.CauseShareOf(sim.CauseIllness),
		"return_cause.job_loss":                analysis.ReturnCauseShareOf(sim.CauseJobLoss),
		"registered_cause.no_labor":            analysis.RegisteredCauseShareOf(sim.CauseNoLabor),
		"registered_returns_avoided":           analysis.RegisteredAvoided,
		"ever_monitored_share":                 analysis.EverMonitoredShare,
		"income_growth":                        analysis.IncomeGrowth,
		"employed_formerly_poor":               analysis.EmployedFormerlyPoor,
		"monitored_share_formerly_poor":        analysis.MonitoredShareFormerlyPoor,
		"safety_net_share":                     analysis.SafetyNetShare,
		"safety_net_share_formerly_poor":       analysis.SafetyNetShareFormerlyPoor,
		"monitored_stock_share":                analysis.MonitoredStockShare,
		"income_share_formerly_poor.wages":     analysis.IncomeShareFormerlyPoorOf(analysis.IncomeWages),
		"income_share_formerly_poor.transfers": analysis.IncomeShareFormerlyPoorOf(analysis.IncomeTransfers),
	} {
		if k, err := analysis.ParseOutcome(name); err != nil || k != want {
			t.Errorf("ParseOutcome(%q) = %v, %v; want %v", name, k, err, want)
		}
	}
}

// The cumulative outcomes are exactly those that add up since the start.
func TestOutcomeCumulative(t *testing.T) {
	var cum []string
	for _, k := range analysis.AllOutcomes() {
		if k.Cumulative() {
			cum = append(cum, k.String())
		}
	}
	want := "ever_returned risk_eliminated ever_monitored_share returns_avoided extra_cost cost_per_return_avoided registered_returns_avoided cost_per_registered_return_avoided"
	if got := strings.Join(cum, " "); got != want {
		t.Errorf("cumulative: %s, want %s", got, want)
	}
}

func TestParseOutcomeUnknown(t *testing.T) {
	for _, c := range []struct{ name, suggest string }{
		{"retrun_rate", "return_rate"},
		{"cost.dibaoo", "cost.dibao"},
		{"kept-out", "kept_out"},
		{"ever_monitord_share", "ever_monitored_share"},
		{"income_share_formerly_poor.wage", "income_share_formerly_poor.wages"},
		{"zzzzzzzzzzzz", ""},
		{"", ""},
	} {
		_, err := analysis.ParseOutcome(c.name)
		var ue *analysis.UnknownOutcomeError
		if !errors.As(err, &ue) {
			t.Fatalf("ParseOutcome(%q): %v, want an UnknownOutcomeError", c.name, err)
		}
		msg := err.Error()
		if ue.Suggestion() != c.suggest || !strings.Contains(msg, fmt.Sprintf("%q", c.name)) ||
			!strings.Contains(msg, "headcount") || !strings.Contains(msg, "cost.PROGRAM") ||
			!strings.Contains(msg, "ever_monitored_share") || !strings.Contains(msg, "income_share_formerly_poor.GROUP") {
			t.Errorf("ParseOutcome(%q): suggestion %q, error %q", c.name, ue.Suggestion(), msg)
		}
		if c.suggest != "" && !strings.Contains(msg, `did you mean "`+c.suggest+`"?`) {
			t.Errorf("ParseOutcome(%q): %q lacks the suggestion", c.name, msg)
		}
	}
}

// Value reads the outcome off a hand-made year; comparison outcomes are
// undefined on one scenario's year. The formerly poor households' income
// shares read their own components: wages 3,000 + posts 1,000, farm 2,000
// less a loss nobody counts (medical costs), rent 0, transfers 1,000 +
// assistance 500 + relief 500 of a gross 8,000 (all households' are other
// numbers, so that reading the wrong array fails).
func TestOutcomeValue(t *testing.T) {
	y := sim.YearStats{FormerlyPoor: 200, Returned: 10, EverReturned: 30, People: 500, PoorPeople: 25,
		GapSum: 50, Net: 2.5e6, Monitored: 7, Missed: 3, Marginal: 40, MarginalFirst: 4, MarginalPoor: 8,
		EverMonitoredPeople: 60, EliminatedPeople: 45, EverMonitored: 20, Eliminated: 10,
		FormerlyPoorPeople: 400, EmployedFormerlyPoor: 120, Employed: 150, MonitoredPeople: 30, MonitoredPeopleFormerlyPoor: 8,
		CoveredPeople: 100, CoveredPeopleFormerlyPoor: 60,
		Households: 250, Catastrophic: 25, FormerlyPoorNet: 1.6e6, AtRisk: 12, Enrolled: 6, Registered: 5}
	y.Cases[sim.CauseIllness], y.ReturnedCauses[sim.CauseIllness], y.RegisteredCauses[sim.CauseJobLoss] = 3, 4, 2
	y.Cost[sim.CostDibao], y.Cost[sim.CostSubsidy] = 1000, 500
	y.Types[sim.TypeElderlyOnly] = sim.TypeCount{FormerlyPoor: 20, Returned: 5}
	fp := &y.FormerlyPoorIncome
	fp[sim.IncWages], fp[sim.IncPosts], fp[sim.IncFarm], fp[sim.IncMedical] = 3000, 1000, 2000, -700
	fp[sim.IncTransfers], fp[sim.IncAssistance], fp[sim.IncRelief] = 1000, 500, 500
	y.Income[sim.IncWages], y.Income[sim.IncFarm] = 1000, 3000
	for k, want := range map[analysis.OutcomeKey]float64{
		analysis.ReturnRate: 0.05, analysis.EverReturned: 0.15, analysis.MarginalEntry: 0.1, analysis.MarginalPoor: 0.2,
		analysis.Headcount: 0.05, analysis.PovertyGap: 0.1, analysis.Monitored: 7, analysis.Missed: 3,
		analysis.Income: 5000, analysis.Cost: 1500, analysis.CostOf(sim.CostDibao): 1000,
		analysis.ReturnRateOf(sim.TypeElderlyOnly): 0.25, analysis.EverMonitoredShare: 0.12, analysis.RiskEliminated: 0.75,
		analysis.IncomeShareFormerlyPoorOf(analysis.IncomeWages): 0.5, analysis.IncomeShareFormerlyPoorOf(analysis.IncomeBusiness): 0.25,
		analysis.IncomeShareFormerlyPoorOf(analysis.IncomeProperty): 0, analysis.IncomeShareFormerlyPoorOf(analysis.IncomeTransfers): 0.25,
		analysis.IncomeShareOf(analysis.IncomeWages): 0.25, analysis.EmployedFormerlyPoor: 0.3,
		analysis.MonitoredShare: 0.06, analysis.MonitoredShareFormerlyPoor: 0.02,
		analysis.SafetyNetShare: 0.2, analysis.SafetyNetShareFormerlyPoor: 0.15, analysis.MonitoredStockShare: 0.03,
		analysis.CatastrophicHealth: 0.1, analysis.IncomeFormerlyPoor: 4000, analysis.RegisteredReturn: 0.025,
		analysis.CauseShareOf(sim.CauseIllness): 0.5, analysis.ReturnCauseShareOf(sim.CauseIllness): 0.4,
		analysis.RegisteredCauseShareOf(sim.CauseJobLoss): 0.4,
	} {
		if got, ok := k.Value([]sim.YearStats{y}, 0); !ok || got != want {
			t.Errorf("%s = %v, %v; want %v", k, got, ok, want)
		}
	}
	var none sim.YearStats // no formerly poor household, no person: the shares are undefined
	for _, k := range []analysis.OutcomeKey{analysis.EverMonitoredShare, analysis.IncomeShareFormerlyPoorOf(analysis.IncomeWages), analysis.EmployedFormerlyPoor, analysis.MonitoredShareFormerlyPoor,
		analysis.SafetyNetShare, analysis.SafetyNetShareFormerlyPoor, analysis.MonitoredStockShare} {
		if v, ok := k.Value([]sim.YearStats{none}, 0); ok {
			t.Errorf("%s of an empty year = %v, want undefined", k, v)
		}
	}
	for _, k := range []analysis.OutcomeKey{analysis.KeptOut, analysis.ExtraCost, analysis.ReturnRateOf(1)} {
		if _, ok := k.Value([]sim.YearStats{y}, 0); ok && !k.Yearly() || !ok && k.Yearly() && k != analysis.ReturnRateOf(1) {
			t.Errorf("%s: defined %v, yearly %v", k, ok, k.Yearly())
		}
	}
}

// income_growth is this year's mean income per person over last year's,
// less 1, per replication: 5,000 then 5,325 yuan a person is +6.5 %, then
// 4,792.5 is −10 %. The first year has no year before it, and a year
// after one of no people or of income not above 0 has no growth: all
// undefined, never NaN or infinite.
func TestIncomeGrowth(t *testing.T) {
	years := []sim.YearStats{
		{People: 400, Net: 2e6}, {People: 400, Net: 2.13e6}, {People: 380, Net: 1.82115e6},
		{}, {People: 10, Net: 5e4}, {People: 10, Net: -1e4}, {People: 10, Net: 2e4}, {People: 10, Net: 0}, {People: 10, Net: 1e4},
	}
	for _, c := range []struct {
		t    int
		want float64
		ok   bool
	}{
		{0, 0, false},    // the first year
		{1, 0.065, true}, // 5,325 / 5,000 − 1
		{2, -0.1, true},  // 4,792.5 / 5,325 − 1
		{3, 0, false},    // no people this year
		{4, 0, false},    // no people last year
		{5, -1.2, true},  // −1,000 / 5,000 − 1
		{6, 0, false},    // last year's income below 0
		{7, -1, true},    // 0 / 2,000 − 1
		{8, 0, false},    // last year's income 0
	} {
		got, ok := analysis.IncomeGrowth.Value(years, c.t)
		if ok != c.ok || math.Abs(got-c.want) > 1e-12 {
			t.Errorf("year %d: %v, %v; want %v, %v", c.t, got, ok, c.want, c.ok)
		}
	}
	if !analysis.IncomeGrowth.Yearly() || analysis.IncomeGrowth.Cumulative() || analysis.IncomeGrowth.Share() || analysis.IncomeGrowth.Bound() != analysis.Unbounded {
		t.Errorf("income_growth: yearly %v, cumulative %v, share %v, bound %v", analysis.IncomeGrowth.Yearly(), analysis.IncomeGrowth.Cumulative(),
			analysis.IncomeGrowth.Share(), analysis.IncomeGrowth.Bound())
	}
}

// A series written as JSON reads back with its key, a paired difference
// with its mark; an unknown outcome in a file is an error naming it.
func TestSeriesJSONKey(t *testing.T) {
	for _, name := range []string{"cost.dibao", "diff.headcount", "kept_out"} {
		var se analysis.Series
		if err := json.Unmarshal([]byte(`{"outcome":"`+name+`","years":[]}`), &se); err != nil {
			t.Fatal(err)
		}
		prefix := ""
		if se.Diff {
			prefix = "diff."
		}
		if prefix+se.Key.String() != name {
			t.Errorf("%s read back as key %s diff %v", name, se.Key, se.Diff)
		}
	}
	var se analysis.Series
	if err := json.Unmarshal([]byte(`{"outcome":"diff.headcont"}`), &se); err == nil || !strings.Contains(err.Error(), `"headcont"`) {
		t.Errorf("unknown outcome: %v", err)
	}
}

func FuzzParseOutcome(f *testing.F) {
	for _, s := range []string{"return_rate", "cost.dibao", "diff.cost", "", "retrun_rate"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		k, err := analysis.ParseOutcome(name)
		if err == nil && k.String() != name {
			t.Fatalf("ParseOutcome(%q) = %s", name, k)
		}
		if err != nil && !strings.Contains(err.Error(), "unknown outcome") {
			t.Fatalf("ParseOutcome(%q): %v", name, err)
		}
	})
}

func ExampleParseOutcome() {
	k, err := analysis.ParseOutcome("extra_cost")
	fmt.Println(k.Label(), "|", k.Unit(), "| cumulative:", k.Cumulative(), err)
	_, err = analysis.ParseOutcome("retrun_rate")
	fmt.Println(strings.SplitN(err.Error(), ";", 2)[0])
	// Output:
	// Extra fiscal cost since the start | yuan | cumulative: true <nil>
	// unknown outcome "retrun_rate" (did you mean "return_rate"?)
}

// Value reads an outcome off year t of a replication's years: most read
// that year alone, income_growth the year before it too.
func ExampleOutcomeKey_Value() {
	years := []sim.YearStats{{Year: 2021, People: 4, Net: 40000}, {Year: 2022, People: 4, Net: 42600}}
	for t := range years {
		income, _ := analysis.Income.Value(years, t)
		growth, ok := analysis.IncomeGrowth.Value(years, t)
		fmt.Printf("%d: %.0f yuan a person, growth %.3f (defined: %v)\n", years[t].Year, income, growth, ok)
	}
	// Output:
	// 2021: 10000 yuan a person, growth 0.000 (defined: false)
	// 2022: 10650 yuan a person, growth 0.065 (defined: true)
}

// Build's line says what is known and what is not.
func TestBuildString(t *testing.T) {
	for _, c := range []struct {
		b    analysis.Build
		want string
	}{
		{analysis.Build{Version: "v1.2.3", Revision: "abc", Dirty: true, Model: "m1", GoVersion: "go1.x"},
			"povsim 1.2.3, revision abc with uncommitted changes, model m1, go1.x"},
		{analysis.Build{Version: "0.1.0", Model: "m2", GoVersion: "go1.x"},
			"povsim 0.1.0, revision unknown (built without git information), model m2, go1.x"},
	} {
		if got := c.b.String(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.b, got, c.want)
		}
	}
	if b := analysis.BuildOf(); b.Model != analysis.ModelFingerprint() || len(b.Model) != 16 || b.Version == "" {
		t.Errorf("BuildOf() = %+v", b)
	}
}
