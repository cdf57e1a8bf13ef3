package sim

import (
	"math"
	"testing"
)

// TestStoryAssistanceKind checks that a story names the kind of assistance
// paid in the year, not the kind drawn at identification: with targeting
// always on and a mix of cash alone, the kinds are the households' main
// risks, and each year's assistance income is what that kind pays: for
// the part of the year after support started, in the year a household is
// identified (but in the first, when the 2020 stock is supported all
// year).
func TestStoryAssistanceKind(t *testing.T) {
	p := Default()
	p.Population.Households = 2000
	p.Years = 6
	p.Monitoring.Targeting = 1
	p.Monitoring.Mix = Assistance{Cash: 1}
	res := runTraced(t, p, nil, 11)
	mo := &p.Monitoring
	kinds := map[string]int{}
	jobs := map[int]map[float64]bool{} // by year: the employment assistance paid
	healthPaid := false
	for _, st := range res.Stories {
		for _, y := range st.Years {
			if y.Events&EvAssisted == 0 {
				if y.Assistance != "" {
					t.Fatalf("household %d, %d: assistance %q in a year without", st.Household, y.Year, y.Assistance)
				}
				continue
			}
			kinds[y.Assistance]++
			got := y.Income[IncAssistance]
			part := y.Support // the share of the year it was supported
			if y.Events&EvIdentified == 0 || y.Year == p.StartYear {
				if part != 1 {
					t.Errorf("household %d, %d: supported %g of the year, want all of it (not found this year, or of the 2020 stock)", st.Household, y.Year, part)
				}
			} else if part > 1-mo.DelayMonths/12 {
				t.Errorf("household %d, %d: found this year, supported %g of it, want at most 1 − delay", st.Household, y.Year, part)
			}
			switch y.Assistance {
			case "cash":
				if want := mo.CashPerCapita * float64(len(y.Members)) * part; got != want {
					t.Errorf("household %d, %d: cash assistance %g, want %g", st.Household, y.Year, got, want)
				}
			case "industry":
				if want := (mo.IndustryBase + mo.IndustryPerMu*y.Cultivated) * part; got != want {
					t.Errorf("household %d, %d: industry assistance %g, want %g", st.Household, y.Year, got, want)
				}
			case "health":
				// Paid as reimbursement, beyond what insurance pays, not as income.
				if got != 0 {
					t.Errorf("household %d, %d: health assistance pays %g as income, want it as reimbursement", st.Household, y.Year, got)
				}
				medical := -y.Income[IncMedical]
				if insured := p.Health.Reimbursement * medical; y.Income[IncReimbursement] < insured {
					t.Errorf("household %d, %d: health assistance, reimbursement %g below insurance %g", st.Household, y.Year, y.Income[IncReimbursement], insured)
				} else if y.Income[IncReimbursement] > insured {
					healthPaid = true
				}
			case "employment":
				// A job at a share of the year's local wage, or none when
				// no laborer is a job seeker.
				if got != 0 {
					if jobs[y.Year] == nil {
						jobs[y.Year] = map[float64]bool{}
					}
					jobs[y.Year][math.Round(got/part*1e6)/1e6] = true // got = v·part, rounded
				}
			default:
				t.Fatalf("household %d, %d: assistance %q", st.Household, y.Year, y.Assistance)
			}
		}
	}
	if len(kinds) < 3 || !healthPaid || len(jobs) == 0 {
		t.Errorf("kinds shown %v, health assistance paid %v, years with jobs %d: targeting should pay several kinds", kinds, healthPaid, len(jobs))
	}
	for year, pay := range jobs {
		if len(pay) != 1 {
			t.Errorf("%d: employment assistance paid %v a year, want one amount (a share of the year's local wage)", year, pay)
		}
	}
}

// TestDisabledReleasePost checks that a member who becomes disabled gives
// up a welfare post the same year: no story shows a disabled member at
// work (a disabled member loses any wage job, so at work means a post).
func TestDisabledReleasePost(t *testing.T) {
	p := Default()
	p.Population.Households = 2000
	p.Years = 8
	p.Posts.PerHundred = 10
	p.Posts.Targeting = "any"
	p.Health.ChronicOnset = 0.3
	p.Health.DisabilityOnset = 0.5
	res := runTraced(t, p, nil, 5)
	posts, disabled := 0, 0
	for _, st := range res.Stories {
		for _, y := range st.Years {
			if y.Events&EvPost != 0 {
				posts++
			}
			for k, mb := range y.Members {
				if mb.Health != Disabled {
					continue
				}
				disabled++
				if y.Employed[k] {
					t.Fatalf("household %d, %d: member %d is disabled and holds a post", st.Household, y.Year, k)
				}
			}
		}
	}
	if posts == 0 || disabled == 0 {
		t.Fatalf("%d posts taken, %d disabled member-years: the test tests nothing", posts, disabled)
	}
}
