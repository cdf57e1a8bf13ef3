package sim

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestDefaultValidates(t *testing.T) {
	p := Default()
	if errs := p.Validate(); errs != nil {
		t.Fatalf("Default() does not validate:\n%v", errs)
	}
	if _, err := New(Config{Params: p}); err != nil {
		t.Fatalf("New(Default()): %v", err)
	}
}

// errorMentioning returns the first problem whose path is path.
func errorFor(errs Errors, path string) (FieldError, bool) {
	for _, e := range errs {
		if e.Path == path {
			return e, true
		}
	}
	return FieldError{}, false
}

// checkMentions fails unless msg contains every one of parts.
func checkMentions(t *testing.T, msg string, parts ...string) {
	t.Helper()
	for _, part := range parts {
		if !strings.Contains(msg, part) {
			t.Errorf("error %q does not mention %q", msg, part)
		}
	}
}

func TestValidateErrors(t *testing.T) {
	cases := []struct {
		name   string
		modify func(p *Params)
		path   string   // path of the problem
		value  string   // the value as printed
		want   []string // words of the expectation
	}{
		{"probability above 1", func(p *Params) { p.Health.Reimbursement = 1.3 },
			"health.reimbursement", "1.3", []string{"probability", "between 0 and 1"}},
		{"negative probability", func(p *Params) { p.Monitoring.Detection = -0.1 },
			"monitoring.detection", "-0.1", []string{"probability"}},
		{"elderly age span too long", func(p *Params) { p.Population.ElderlyAgeSpan = 300 },
			"population.elderly_age_span", "300", []string{"whole number between 0 and 100"}},
		{"negative health risk share", func(p *Params) { p.Monitoring.HealthRisk = -0.5 },
			"monitoring.health_risk", "-0.5", []string{"≥ 0"}},
		{"returnee boost cap above 1", func(p *Params) { p.Labor.ReturneeBoostMax = 2 },
			"labor.returnee_boost_max", "2", []string{"probability"}},
		{"negative land", func(p *Params) { p.Population.LandMin = -1 },
			"population.land_min", "-1", []string{"≥ 0"}},
		{"land max below min", func(p *Params) { p.Population.LandMin, p.Population.LandMax = 5, 2 },
			"population.land_max", "2", []string{"at least land_min (5)"}},
		{"laborers above the largest household", func(p *Params) {
			p.Population.SizeWeights = []float64{1, 1}
			p.Population.LaborersMin, p.Population.LaborersMax = 3, 3
		}, "population.laborers_min", "3", []string{"largest household size", "(2)"}},
		{"laborers above the largest positive weight", func(p *Params) {
			p.Population.SizeWeights = []float64{1, 1, 0, 0}
			p.Population.LaborersMin, p.Population.LaborersMax = 3, 3
		}, "population.laborers_min", "3", []string{"largest household size", "(2)"}},
		{"laborers min above max", func(p *Params) { p.Population.LaborersMin, p.Population.LaborersMax = 3, 2 },
			"population.laborers_min", "3", []string{"at most laborers_max (2)"}},
		{"empty size weights", func(p *Params) { p.Population.SizeWeights = nil },
			"population.size_weights", "[]", []string{"1 to 8 weights"}},
		{"too many size weights", func(p *Params) { p.Population.SizeWeights = make([]float64, 9) },
			"population.size_weights", "[0 0 0 0 0 0 0 0 0]", []string{"1 to 8 weights"}},
		{"negative size weight", func(p *Params) { p.Population.SizeWeights = []float64{1, -1} },
			"population.size_weights[1]", "-1", []string{"weight ≥ 0"}},
		{"all size weights zero", func(p *Params) { p.Population.SizeWeights = []float64{0, 0} },
			"population.size_weights", "[0 0]", []string{"at least one positive weight"}},
		{"NaN", func(p *Params) { p.Health.Reimbursement = math.NaN() },
			"health.reimbursement", "NaN", []string{"finite number"}},
		{"infinite amount", func(p *Params) { p.Posts.Pay = math.Inf(1) },
			"welfare_posts.pay", "+Inf", []string{"finite number"}},
		{"NaN size weight", func(p *Params) { p.Population.SizeWeights = []float64{1, math.NaN()} },
			"population.size_weights[1]", "NaN", []string{"finite number"}},
		{"unknown targeting", func(p *Params) { p.Posts.Targeting = "bogus" },
			"welfare_posts.targeting", `"bogus"`, []string{`"monitored"`, `"poor"`, `"any"`}},
		{"zero years", func(p *Params) { p.Years = 0 },
			"years", "0", []string{"whole number between 1 and 100"}},
		{"zero households", func(p *Params) { p.Population.Households = 0 },
			"population.households", "0", []string{"whole number"}},
		{"non-positive poverty line", func(p *Params) { p.Poverty.Line = 0 },
			"poverty.line", "0", []string{"> 0"}},
		{"chronic plus disabled above 1", func(p *Params) { p.Population.ChronicShare, p.Population.DisabledShare = 0.7, 0.5 },
			"population.disabled_share", "0.5", []string{"1 − chronic_share"}},
		{"no assistance weight", func(p *Params) { p.Monitoring.Mix = Assistance{} },
			"monitoring.mix", `"cash 0, employment 0, health 0, industry 0"`, []string{"positive weight"}},
		{"exit years zero", func(p *Params) { p.Monitoring.ExitYears = 0 },
			"monitoring.exit_years", "0", []string{"between 1 and 100"}},
		{"retirement before adulthood", func(p *Params) { p.Demography.AdultAge, p.Demography.RetireAge = 20, 20 },
			"demography.retire_age", "20", []string{"between 21 and 120"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := Default()
			c.modify(&p)
			errs := p.Validate()
			e, ok := errorFor(errs, c.path)
			if !ok {
				t.Fatalf("no problem reported at %s; got:\n%v", c.path, errs)
			}
			msg := e.Error()
			checkMentions(t, msg, append([]string{c.path + ":", "got " + c.value, "want "}, c.want...)...)
			// New refuses the parameters with the same errors.
			_, err := New(Config{Params: p})
			var nerrs Errors
			if !errors.As(err, &nerrs) {
				t.Fatalf("New returned %T %v, want Errors", err, err)
			}
			if !strings.Contains(err.Error(), msg) {
				t.Errorf("New's error %q does not contain %q", err, msg)
			}
		})
	}
}

// TestValidateReportsAll: every problem is reported at once, one line each.
func TestValidateReportsAll(t *testing.T) {
	p := Default()
	p.Health.Reimbursement = 1.3
	p.Population.LandMin = -1
	p.Posts.Targeting = "bogus"
	p.Years = 0
	p.Disaster.Probability = math.NaN()
	errs := p.Validate()
	paths := []string{"health.reimbursement", "population.land_min", "welfare_posts.targeting", "years", "disaster.probability"}
	if len(errs) != len(paths) {
		t.Errorf("%d problems reported, want %d:\n%v", len(errs), len(paths), errs)
	}
	for _, path := range paths {
		if _, ok := errorFor(errs, path); !ok {
			t.Errorf("no problem reported at %s", path)
		}
	}
	if lines := strings.Count(errs.Error(), "\n") + 1; lines != len(errs) {
		t.Errorf("Errors.Error() has %d lines for %d problems", lines, len(errs))
	}
}

// TestValidateBoundaries: the limits of every range are accepted.
func TestValidateBoundaries(t *testing.T) {
	for _, set := range []map[string]any{
		{"health.reimbursement": 0}, {"health.reimbursement": 1},
		{"population.land_min": 0, "population.land_max": 0},
		{"population.size_weights": []float64{0, 0, 0, 0, 0, 0, 0, 1}, "population.laborers_min": 8, "population.laborers_max": 8},
		{"population.size_weights": []float64{1}, "population.laborers_min": 1, "population.laborers_max": 1},
		{"population.laborers_min": 0, "population.laborers_max": 0},
		{"years": 1}, {"years": 100},
		{"welfare_posts.targeting": "poor"}, {"welfare_posts.targeting": "any"},
		{"monitoring.lag": 10}, {"poverty.index": -0.5},
	} {
		p := Default()
		for path, v := range set {
			if err := p.Set(path, v); err != nil {
				t.Fatalf("Set(%q, %v): %v", path, v, err)
			}
		}
		if errs := p.Validate(); errs != nil {
			t.Errorf("%v: %v", set, errs)
		}
	}
}

// TestValidatedExtremesRun: parameters at the edge of their valid ranges
// run without panicking (valid parameters must never crash the model).
func TestValidatedExtremesRun(t *testing.T) {
	for _, set := range []map[string]any{
		{"population.size_weights": []float64{0, 0, 0, 0, 0, 0, 0, 1}, "population.laborers_min": 8, "population.laborers_max": 8},
		{"population.laborers_min": 0, "population.laborers_max": 0, "population.no_labor_share": 1},
		{"population.village_size": 1, "population.villages_per_township": 1},
		{"population.village_size": 1000000},
		{"specialty.products": 1, "specialty.adoption": 1},
		{"monitoring.lag": 10, "monitoring.line_ratio": 10, "monitoring.detection": 1},
		{"monitoring.min_years": 100, "monitoring.exit_years": 100},
		{"welfare_posts.per_hundred": 100, "welfare_posts.targeting": "any"},
		{"demography.elderly_mortality": 1},
		{"demography.adult_age": 1, "demography.retire_age": 2, "population.laborer_age_max": 100},
		{"health.event_base": 1, "health.cost_sigma": 5, "health.cost_mu": 20},
		{"labor.wage_sigma": 5, "labor.skill_return": 10, "training.rate": 1, "training.gain": 1},
		{"poverty.index": 1, "labor.wage_growth": 1, "farming.price_growth": -0.5},
	} {
		p := Default()
		p.Population.Households = 300
		for path, v := range set {
			if err := p.Set(path, v); err != nil {
				t.Fatalf("Set(%q, %v): %v", path, v, err)
			}
		}
		m, err := New(Config{Params: p})
		if err != nil {
			t.Errorf("%v: %v", set, err)
			continue
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%v: panic: %v", set, r)
				}
			}()
			res := m.Run(1, 0)
			for _, ys := range res.Years {
				if math.IsNaN(ys.Net) || math.IsInf(ys.Net, 0) {
					t.Errorf("%v: %d net income %g", set, ys.Year, ys.Net)
				}
			}
		}()
	}
}
