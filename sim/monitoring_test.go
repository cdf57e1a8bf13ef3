package sim

import (
	"math"
	"testing"
)

// newHousehold builds a household of the given members for the tests of
// step 11; flags[m] are member m's flags.
func newHousehold(members []Member, flags ...uint8) *household {
	h := &household{Size: uint8(len(members))}
	copy(h.Members[:], members)
	copy(h.memberFlags[:], flags)
	h.takeCensus()
	return h
}

var (
	farmer   = Member{StartAge: 40, Role: Laborer, Mode: ModeFarm}
	local    = Member{StartAge: 30, Role: Laborer, Mode: ModeLocal}
	migrant  = Member{StartAge: 25, Role: Laborer, Mode: ModeMigrant}
	disabled = Member{StartAge: 45, Role: Laborer, Health: Disabled, Mode: ModeNone}
	elder    = Member{StartAge: 70, Role: Elderly}
	child    = Member{StartAge: 8, Role: Child}
)

// A job seeker seeks wage work: a farmer works its land, and a laborer
// with a job or a post, a disabled one, a child or an elder seek none.
func TestJobSeeker(t *testing.T) {
	for _, tc := range []struct {
		name    string
		members []Member
		flags   []uint8
		want    int
	}{
		{"farmer", []Member{farmer}, nil, -1},
		{"unemployed local", []Member{local}, nil, 0},
		{"unemployed migrant", []Member{child, migrant}, nil, 1},
		{"employed local", []Member{local}, []uint8{memberEmployed}, -1},
		{"local with a post", []Member{local}, []uint8{memberPost}, -1},
		{"disabled", []Member{disabled}, nil, -1},
		{"elder and child", []Member{elder, child}, nil, -1},
		{"farmer, then an unemployed local", []Member{farmer, local}, nil, 1},
		{"employed migrant, then an unemployed local", []Member{migrant, local}, []uint8{memberEmployed}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := jobSeeker(newHousehold(tc.members, tc.flags...)); got != tc.want {
				t.Errorf("jobSeeker = %d, want %d", got, tc.want)
			}
		})
	}
}

// Targeting gives the kind of the main risk: health for a large medical
// bill, employment only to a household with a job seeker, industry to one
// that farms, cash to the rest (docs/MODEL.md §4, step 11).
func TestMainRisk(t *testing.T) {
	p := Default()
	for _, tc := range []struct {
		name                       string
		members                    []Member
		medical, gross, cultivated float64
		want                       uint8
	}{
		{"farmer who farms", []Member{farmer, elder}, 0, 8000, 5, KindIndustry},
		{"farmer without land", []Member{farmer}, 0, 8000, 0, KindCash},
		{"unemployed local", []Member{farmer, local}, 0, 8000, 5, KindEmployment},
		{"unemployed migrant", []Member{migrant}, 0, 8000, 0, KindEmployment},
		{"large medical bill", []Member{local}, 0.3 * 8000, 8000, 5, KindHealth},
		{"medical bill at the threshold", []Member{farmer}, 0.2 * 8000, 8000, 5, KindIndustry},
		{"elders only", []Member{elder, elder}, 0, 3000, 0, KindCash},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := mainRisk(newHousehold(tc.members), tc.medical, tc.gross, tc.cultivated, &p); got != tc.want {
				t.Errorf("mainRisk = %s, want %s", kindNames[got], kindNames[tc.want])
			}
		})
	}
}

// Employment assistance gives a local job to a job seeker (an unemployed
// migrant becomes a local worker) and pays job_wage_share · W_loc; to a
// household without one it does nothing (a farmer keeps farming).
func TestAssistEmployment(t *testing.T) {
	p := Default()
	c := &yearConst{p: &p, payIndex: 1, work: workYear{localMed: 15000}}
	for _, tc := range []struct {
		name    string
		members []Member
		flags   []uint8
		paid    bool
		seeker  int
	}{
		{"farmer", []Member{farmer}, nil, false, -1},
		{"unemployed local", []Member{farmer, local}, nil, true, 1},
		{"unemployed migrant", []Member{migrant}, nil, true, 0},
		{"employed migrant, unemployed local", []Member{migrant, local}, []uint8{memberEmployed}, true, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHousehold(tc.members, tc.flags...)
			var ys YearStats
			c.ys = &ys
			y := householdYear{h: h, size: float64(h.Size), cultivated: 5}
			assist(&y, KindEmployment, c)
			inc := y.inc
			want := 0.0
			if tc.paid {
				want = p.Monitoring.JobWageShare * c.work.localMed
			}
			if inc[IncAssistance] != want || ys.Cost[CostAssistJobs] != want {
				t.Errorf("paid %g, cost %g, want %g", inc[IncAssistance], ys.Cost[CostAssistJobs], want)
			}
			if y.employed != b2i(tc.paid) { // the placed job seeker is counted employed, once
				t.Errorf("employed %d, want %d", y.employed, b2i(tc.paid))
			}
			for m, mb := range h.Members[:h.Size] {
				want := tc.members[m].Mode
				if m == tc.seeker {
					want = ModeLocal
				}
				if mb.Mode != want {
					t.Errorf("member %d: mode %d, want %d", m, mb.Mode, want)
				}
				if employed := h.memberFlags[m]&memberEmployed != 0; employed != (m == tc.seeker || m < len(tc.flags) && tc.flags[m]&memberEmployed != 0) {
					t.Errorf("member %d: employed %v, want %v", m, employed, m == tc.seeker)
				}
			}
		})
	}
}

// A monitored household exits on its projected income for the year, after
// assistance and the safety net ("risk gone, after assistance or by
// itself", N1, docs/MODEL.md §4, step 13): the year's response at its
// yearly rate. No household exits whose projected income is below the
// threshold, some are kept, and none exits in the year it was found unless
// it was supported for monitoring.stable_months of it. Two setups: the
// defaults with cash assistance alone and no dibao, where the projected
// income is the income plus the cash not yet paid; and one-person
// households with illness, no reimbursement, no transfers but dibao, and
// cash or health assistance, checked in years of full support.
func TestExitOnProjectedIncome(t *testing.T) {
	cashOnly := func() Params {
		p := Default()
		p.Population.Households = 2000
		p.Transfers.Dibao.Level = 0 // income is own income plus the assistance
		p.Monitoring.Mix = Assistance{Cash: 1}
		return p
	}
	withDibaoAndHealth := func() Params {
		p := Minimal(2000)
		p.Transfers.Dibao = Dibao{Line: 4500, Level: 1, Takeup: 1}
		h := &p.Health
		h.EventBase, h.Reimbursement, h.FormerlyPoorExtra = 0.3, 0, 0
		p.Monitoring.Enabled, p.Monitoring.HealthExtra = true, 1
		p.Monitoring.Mix = Assistance{Cash: 1, Health: 1}
		return p
	}
	for _, tc := range []struct {
		name     string
		params   func() Params
		cashOnly bool // the only unpaid response is cash: projected income known in every year
	}{
		{"cash", cashOnly, true},
		{"cash or health, and dibao", withDibaoAndHealth, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.params()
			p.Years = 6
			mo := &p.Monitoring
			mo.Spread, mo.Detection, mo.Lag, mo.Targeting = 0, 1, 0, 0 // the township line is line_ratio × line
			mo.MinYears, mo.ExitYears, mo.KeepNoLabor = 1, 1, false
			mo.CashPerCapita = 1000
			res := runTraced(t, p, nil, 7)
			exits, kept := 0, 0
			for _, st := range res.Stories {
				for _, y := range st.Years {
					if !y.Monitored && y.Events&EvExitMonitoring == 0 {
						continue
					}
					exited := y.Events&EvExitMonitoring != 0
					if exited && y.Support*12 < mo.StableMonths {
						t.Errorf("household %d, %d: exits in the year it was found after %.1f months of support, want at least %g", st.Household, y.Year, 12*y.Support, mo.StableMonths)
					}
					if y.Support < 1 && !tc.cashOnly {
						continue // the unpaid part of its dibao is not in the story
					}
					projected := y.PerCapita
					if y.Assistance == "cash" {
						projected += mo.CashPerCapita * (1 - y.Support)
					}
					threshold := mo.ExitRatio * mo.LineRatio * y.Line
					if math.IsNaN(projected) {
						t.Fatalf("household %d, %d: income %g", st.Household, y.Year, projected)
					}
					switch {
					case exited:
						exits++
						if projected < threshold*(1-1e-12) {
							t.Errorf("household %d, %d: exits with projected income %.0f < threshold %.0f", st.Household, y.Year, projected, threshold)
						}
					case projected < threshold:
						kept++
					}
				}
			}
			if exits == 0 || kept == 0 {
				t.Fatalf("%d exits, %d household-years kept below the threshold: the test tests nothing", exits, kept)
			}
		})
	}
}
