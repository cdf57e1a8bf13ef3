package sim

import (
	"fmt"
	"math"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// Each policy lever, pulled alone from Default(), moves the return-to-poverty
// rate (Returned/FormerlyPoor, averaged over years and replications) in the
// direction the policy intends. Baseline and lever runs share seeds and
// replication indices, so their difference is paired (common random numbers):
// its standard error is that of the per-replication differences, far smaller
// than that of either rate.

const (
	dirHouseholds = 5000
	dirReps       = 8
	dirSeed       = 2024
	// dirMinSE: the mean paired difference must be at least this many
	// standard errors from 0 in the stated direction. With 8 replications
	// the paired t statistic has 7 degrees of freedom; P(|t₇| ≥ 3) ≈ 0.02
	// for a lever with no effect, and the seeds are fixed, so a pass is
	// not luck that can change from run to run.
	dirMinSE = 3
)

type lever struct {
	name  string
	set   map[string]any
	lower bool // the lever lowers the return rate (else it raises it)
}

var levers = []lever{
	{"cut the transition subsidy", map[string]any{"transfers.subsidy.level": 0}, false},
	{"e-commerce in every village", map[string]any{"ecommerce.coverage": 1}, true},
	{"more skills training", map[string]any{"training.rate": 0.3}, true},
	{"higher reimbursement", map[string]any{"health.reimbursement": 0.8}, true},
	{"rural doctors everywhere", map[string]any{"health.doctor_coverage": 1}, true},
	{"more welfare posts, for the poor", map[string]any{"welfare_posts.per_hundred": 20, "welfare_posts.targeting": "poor"}, true},
	{"better detection", map[string]any{"monitoring.detection": 0.95}, true},
	{"a year's assistance lag", map[string]any{"monitoring.lag": 1}, false},
	{"labor cooperation", map[string]any{"labor.cooperation": 0.2}, true},
	{"more disasters", map[string]any{"disaster.probability": 0.3}, false},
	{"one specialty everywhere (homogenization)", map[string]any{"specialty.adoption": 1}, false},
	{"longer exit from monitoring", map[string]any{"monitoring.exit_years": 3}, true},
	{"land transfers year to year", map[string]any{"land.contract_end": 1}, true},
	{"land transferred for good", map[string]any{"land.contract_end": 0}, false},
	{"amounts indexed to the line", map[string]any{"transfers.indexed": true}, true},
	{"dibao reviewed once a year", map[string]any{"transfers.dibao.review_months": 12}, false},
}

// returnRates runs m for dirReps replications and returns, per replication,
// the return rate averaged over years.
func returnRates(m *Model) []float64 {
	r := m.NewRunner()
	out := make([]float64, dirReps)
	for rep := range out {
		res := r.Run(dirSeed, rep, Options{})
		s := 0.0
		for _, ys := range res.Years {
			s += float64(ys.Returned) / float64(ys.FormerlyPoor)
		}
		out[rep] = s / float64(len(res.Years))
	}
	return out
}

// pairedDiff returns the mean of b−a and its standard error.
func pairedDiff(a, b []float64) (mean, se float64) {
	n := float64(len(a))
	for i := range a {
		mean += b[i] - a[i]
	}
	mean /= n
	ss := 0.0
	for i := range a {
		d := b[i] - a[i] - mean
		ss += d * d
	}
	return mean, math.Sqrt(ss / (n - 1) / n)
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func directionBase() Params {
	p := Default()
	p.Population.Households = dirHouseholds
	return p
}

// leverRates runs the baseline and every lever, two at a time.
func leverRates(t *testing.T, ls []lever) (base []float64, rates [][]float64) {
	t.Helper()
	rates = make([][]float64, len(ls))
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
	run := func(dst *[]float64, set map[string]any) {
		p := directionBase()
		for path, v := range set {
			if err := p.Set(path, v); err != nil {
				t.Errorf("Set(%q, %v): %v", path, v, err)
				return
			}
		}
		m, err := New(Config{Params: p})
		if err != nil {
			t.Errorf("New with %v: %v", set, err)
			return
		}
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			*dst = returnRates(m)
		})
	}
	run(&base, nil)
	for i, l := range ls {
		run(&rates[i], l.set)
	}
	wg.Wait()
	return base, rates
}

func TestLeverDirections(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 14 × 8 replications of 5000 households")
	}
	base, rates := leverRates(t, levers)
	if t.Failed() {
		return
	}
	t.Logf("baseline return rate %.4f", mean(base))
	for i, l := range levers {
		d, se := pairedDiff(base, rates[i])
		want := "raise"
		sign := 1.0
		if l.lower {
			want, sign = "lower", -1
		}
		msg := "%s %v: return rate %.4f → %.4f, paired difference %+.4f ± %.4f (SE); want it to %s the rate by ≥ %d SE"
		if sign*d < dirMinSE*se || se == 0 && d == 0 {
			t.Errorf(msg, l.name, l.set, mean(base), mean(rates[i]), d, se, want, dirMinSE)
		} else {
			t.Logf(msg, l.name, l.set, mean(base), mean(rates[i]), d, se, want, dirMinSE)
		}
	}
}

// TestLandTransferIdle checks the mechanism behind the land lever:
// transferring more idle land (land.transfer_idle 0.1 → 0.6) raises rent and
// lowers idle land. Transferred land comes back when its contract ends and
// the household can farm it, so cultivated land hardly falls; the lever's
// direction on the return rate is asserted in TestLeverDirections.
func TestLandTransferIdle(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 2 × 8 replications of 5000 households")
	}
	stats := func(p Params) (rent, idle, cultivated, farmRent float64, rates []float64) {
		m, err := New(Config{Params: p})
		if err != nil {
			t.Fatal(err)
		}
		r := m.NewRunner()
		for rep := 0; rep < dirReps; rep++ {
			res := r.Run(dirSeed, rep, Options{})
			s := 0.0
			for _, ys := range res.Years {
				rent += ys.Income[IncRent]
				idle += ys.IdleLand
				cultivated += ys.CultivatedLand
				farmRent += ys.Income[IncRent] + ys.Income[IncFarm]
				s += float64(ys.Returned) / float64(ys.FormerlyPoor)
			}
			rates = append(rates, s/float64(len(res.Years)))
		}
		return
	}
	lo := directionBase()
	hi := directionBase()
	hi.Land.TransferIdle = 0.6
	rent0, idle0, cult0, fr0, r0 := stats(lo)
	rent1, idle1, cult1, fr1, r1 := stats(hi)
	if !(rent1 > rent0 && idle1 < idle0) {
		t.Errorf("transfer_idle 0.1 → 0.6: rent %.0f → %.0f, idle land %.0f → %.0f; want more rent and less idle land", rent0, rent1, idle0, idle1)
	}
	d, se := pairedDiff(r0, r1)
	t.Logf("transfer_idle 0.1 → 0.6: rent %.0f → %.0f, idle %.0f → %.0f mu, cultivated %.0f → %.0f mu, farm+rent %.0f → %.0f; return rate %.4f → %.4f (paired %+.4f ± %.4f)",
		rent0, rent1, idle0, idle1, cult0, cult1, fr0, fr1, mean(r0), mean(r1), d, se)
}

// TestPostTermRotates: welfare_posts.term is "years a post is held before it
// is reassigned". With a one-year term and posts open to any household, a
// post passes to another household each year (every village has far more
// candidates than posts), so a holder rarely holds again the next year; a
// household never refills the post it released in the same year.
func TestPostTermRotates(t *testing.T) {
	p := Default()
	p.Population.Households = 2000
	p.Posts.Term = 1
	p.Posts.Targeting = "any"
	res := runTraced(t, p, nil, 1)
	held, kept := 0, 0
	for _, st := range res.Stories {
		for y := 1; y < len(st.Years); y++ {
			if st.Years[y-1].Income[IncPosts] > 0 {
				held++
				if st.Years[y].Income[IncPosts] > 0 {
					kept++
				}
			}
		}
	}
	if held == 0 {
		t.Fatal("no posts held")
	}
	// 11 posts per 100 households: with rotation to another household a
	// holder holds again only if the village runs out of other candidates,
	// which with 89 others per 11 posts is rare within 10 years.
	if share := float64(kept) / float64(held); share > 0.1 {
		t.Errorf("term 1: %d of %d post holders hold a post again the next year (%.3f), want rotation", kept, held, share)
	}
}

// leverTable is the "measured" column of docs/MODEL.md §8, row by row: each
// row's text with one %s per lever, filled in order by the paired
// difference of the lever pulled alone (percentage points ± one standard
// error, "n.s." when less than dirMinSE errors from zero).
var leverTable = []struct {
	text string
	sets []map[string]any
}{
	{"subsidy level 0: %s; industrial 0: %s; pension 0: %s; ecological 0: %s; dibao level 0: %s; dibao no-labor-only: %s; dibao take-up 1: %s; dibao reviewed yearly: %s; indexed: %s", []map[string]any{
		{"transfers.subsidy.level": 0}, {"transfers.industrial.level": 0}, {"transfers.pension.level": 0}, {"transfers.ecological.level": 0},
		{"transfers.dibao.level": 0}, {"transfers.dibao.no_labor_only": true}, {"transfers.dibao.takeup": 1}, {"transfers.dibao.review_months": 12}, {"transfers.indexed": true}}},
	{"coverage 1: %s; premium 0.1: %s; job boost 0.1: %s", []map[string]any{
		{"ecommerce.coverage": 1}, {"ecommerce.price_premium": 0.1}, {"ecommerce.job_boost": 0.1}}},
	{"rate 0.3: %s; skill return 0: %s", []map[string]any{{"training.rate": 0.3}, {"labor.skill_return": 0}}},
	{"talent return 0.2: %s", []map[string]any{{"labor.talent_return": 0.2}}},
	{"reimbursement 0.8: %s; doctors everywhere: %s; extra 0: %s", []map[string]any{
		{"health.reimbursement": 0.8}, {"health.doctor_coverage": 1}, {"health.formerly_poor_extra": 0}}},
	{"transfer idle 0.6: %s; transfer idle 0: %s; year to year (contract end 1): %s; for good (contract end 0): %s; rent 800: %s; park everywhere: %s (with `modern_transfer` 0: %s); abandonment off: %s", []map[string]any{
		{"land.transfer_idle": 0.6}, {"land.transfer_idle": 0}, {"land.contract_end": 1}, {"land.contract_end": 0}, {"land.rent_per_mu": 800}, {"land.modern_coverage": 1},
		{"land.modern_coverage": 1, "land.modern_transfer": 0}, {"farming.abandonment": false}}},
	{"16 per hundred: %s; none: %s; pay 10,000: %s; targeting `monitored`: %s; `poor`: %s; `any`: %s; term 1: %s; term 10: %s", []map[string]any{
		{"welfare_posts.per_hundred": 16}, {"welfare_posts.per_hundred": 0}, {"welfare_posts.pay": 10000}, {"welfare_posts.targeting": "monitored"}, {"welfare_posts.targeting": "poor"}, {"welfare_posts.targeting": "any"},
		{"welfare_posts.term": 1}, {"welfare_posts.term": 10}}},
	{"detection 0.95: %s; detection a trait of the household (persistence 1): %s; lag 1: %s; delay 6 months: %s; no 2020 stock: %s; no social security link: %s; lag 3: %s; exit years 3: %s; line ratio 2: %s; spread 0.5: %s; targeting 1: %s; targeting 0: %s; monitoring off: %s", []map[string]any{
		{"monitoring.detection": 0.95}, {"monitoring.persistence": 1}, {"monitoring.lag": 1}, {"monitoring.delay_months": 6}, {"monitoring.start_stock": false}, {"monitoring.social_security": false}, {"monitoring.lag": 3}, {"monitoring.exit_years": 3}, {"monitoring.line_ratio": 2},
		{"monitoring.spread": 0.5}, {"monitoring.targeting": 1}, {"monitoring.targeting": 0}, {"monitoring.enabled": false}}},
	{"adoption 0.1: %s; 0.15: %s; 0.3: %s; 0.5: %s; 0.8: %s; 1: %s; homogenization 0: %s", []map[string]any{
		{"specialty.adoption": 0.1}, {"specialty.adoption": 0.15}, {"specialty.adoption": 0.3}, {"specialty.adoption": 0.5},
		{"specialty.adoption": 0.8}, {"specialty.adoption": 1}, {"specialty.homogenization": 0}}},
	{"cooperation 0.2: %s; loss cut 0.5: %s", []map[string]any{{"labor.cooperation": 0.2}, {"labor.cooperation_loss": 0.5}}},
	{"probability 0.3: %s; crop loss 0.6: %s; relief 0.8: %s", []map[string]any{
		{"disaster.probability": 0.3}, {"disaster.crop_loss": 0.6}, {"disaster.relief": 0.8}}},
}

// TestLeverTable prints the measured column of docs/MODEL.md §8 (go test
// ./sim -run LeverTable -v with POVSIM_LEVER_TABLE=1): a measurement, not a
// check; TestLeverDirections checks the directions.
func TestLeverTable(t *testing.T) {
	if os.Getenv("POVSIM_LEVER_TABLE") == "" {
		t.Skip("set POVSIM_LEVER_TABLE=1 to measure docs/MODEL.md §8")
	}
	var ls []lever
	for _, row := range leverTable {
		for _, set := range row.sets {
			ls = append(ls, lever{set: set})
		}
	}
	base, rates := leverRates(t, ls)
	if t.Failed() {
		return
	}
	t.Logf("baseline %.2f%%", 100*mean(base))
	k := 0
	for _, row := range leverTable {
		cells := make([]any, len(row.sets))
		for i := range cells {
			d, se := pairedDiff(base, rates[k])
			k++
			cells[i] = ppCell(100*d, 100*se)
		}
		t.Logf("| "+row.text, cells...)
	}
}

// ppCell writes a paired difference d ± se (percentage points) as
// docs/MODEL.md §8 does: a signed mean to 0.01 (with a minus sign, −), the
// error to two decimals or to 0.001 below 0.01, and "n.s." when |d| < 3 se.
func ppCell(d, se float64) string {
	s := fmt.Sprintf("%+.2f", d)
	s = strings.Replace(s, "-", "−", 1)
	e := fmt.Sprintf("%.2f", se)
	if se < 0.0095 {
		e = fmt.Sprintf("%.3f", se)
	}
	s += " ± " + e
	if math.Abs(d) < dirMinSE*se || se == 0 {
		s += " n.s."
	}
	return s
}
