package web

import (
	"fmt"
	"sort"

	"github.com/povsim/povsim/sim"
)

// maxTraced is how many households a run traces (in its first replication)
// to choose the few it shows.
const maxTraced = 240

// shownStories is how many households the page follows.
const shownStories = 4

// traceList spreads the traced households evenly over the population.
func traceList(households int) []int {
	step := max(1, households/maxTraced)
	var out []int
	for i := 0; i < households && len(out) < maxTraced; i += step {
		out = append(out, i)
	}
	return out
}

// MemberView is one household member in one year.
type MemberView struct {
	Role     string  `json:"role"` // child, laborer, elderly
	Age      int     `json:"age"`
	Health   string  `json:"health"` // healthy, chronically ill, disabled
	Work     string  `json:"work"`   // farms, local wage work, migrant work, ""
	Employed bool    `json:"employed"`
	Skill    float64 `json:"skill"`
}

// YearView is one year of a household's story.
type YearView struct {
	Year        int                `json:"year"`
	Members     []MemberView       `json:"members"`
	Land        float64            `json:"land"`
	Cultivated  float64            `json:"cultivated"`
	Idle        float64            `json:"idle"`
	Transferred float64            `json:"transferred"`
	Income      map[string]float64 `json:"income"` // by component, yuan for the household
	PerCapita   float64            `json:"per_capita"`
	Line        float64            `json:"line"`
	Poor        bool               `json:"poor"`
	Monitored   bool               `json:"monitored"`
	Assistance  string             `json:"assistance,omitempty"`
	Events      []string           `json:"events"`
	Cause       string             `json:"cause,omitempty"` // why it was identified or is poor this year
	Registered  bool               `json:"registered"`      // a registered return this year
}

// RefYear is one year of the same household in the reference run.
type RefYear struct {
	Year      int      `json:"year"`
	PerCapita float64  `json:"per_capita"`
	Poor      bool     `json:"poor"`
	Monitored bool     `json:"monitored"`
	Events    []string `json:"events"`
}

// StoryView is a household the class follows: its years under the class's
// policy, and the same household (same people, same luck) under the
// reference.
type StoryView struct {
	Household    int        `json:"household"`
	Village      int        `json:"village"`
	FormerlyPoor bool       `json:"formerly_poor"`
	Kind         string     `json:"kind"`  // why it was chosen
	Title        string     `json:"title"` // a heading for the class
	Summary      string     `json:"summary"`
	PoorYears    int        `json:"poor_years"`     // under the class's policy
	RefPoorYears int        `json:"ref_poor_years"` // under the reference
	Years        []YearView `json:"years"`
	Ref          []RefYear  `json:"ref"`
}

var roleNames = map[sim.Role]string{sim.Child: "child", sim.Laborer: "laborer", sim.Elderly: "elderly"}
var healthNames = map[sim.HealthState]string{sim.Healthy: "healthy", sim.Chronic: "chronically ill", sim.Disabled: "disabled"}
var modeNames = map[sim.Mode]string{sim.ModeNone: "", sim.ModeFarm: "farms", sim.ModeLocal: "local wage work", sim.ModeMigrant: "migrant work"}

func yearView(y sim.StoryYear) YearView {
	v := YearView{
		Year: y.Year, Land: y.Land, Cultivated: y.Cultivated, Idle: y.Idle, Transferred: y.Transferred,
		PerCapita: y.PerCapita, Line: y.Line, Poor: y.Poor, Monitored: y.Monitored, Assistance: y.Assistance,
		Cause: y.Cause, Registered: y.Registered,
		Events: nonNil(y.Events.Names()), Income: make(map[string]float64, sim.NumComponents),
	}
	for c := sim.Component(0); c < sim.NumComponents; c++ {
		v.Income[c.String()] = y.Income[c]
	}
	for i, m := range y.Members {
		mv := MemberView{Role: roleNames[m.Role], Age: y.Ages[i], Health: healthNames[m.Health],
			Work: modeNames[m.Mode], Skill: float64(m.Skill)}
		if i < len(y.Employed) {
			mv.Employed = y.Employed[i]
		}
		v.Members = append(v.Members, mv)
	}
	return v
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

type candidate struct {
	alt, ref           *sim.Story
	poor, refPoor      int
	fell, helped, back bool // fell back; identified or assisted; recovered after falling back
	poorAtEnd          bool
}

func summarize(alt, ref *sim.Story) candidate {
	c := candidate{alt: alt, ref: ref}
	fell := false
	for _, y := range alt.Years {
		if y.Poor {
			c.poor++
		}
		if y.Events&sim.EvFellBack != 0 {
			fell = true
			c.fell = true
		}
		if fell && y.Events&(sim.EvIdentified|sim.EvAssisted) != 0 {
			c.helped = true
		}
		if fell && y.Events&sim.EvRecovered != 0 {
			c.back = true
		}
	}
	if n := len(alt.Years); n > 0 {
		c.poorAtEnd = alt.Years[n-1].Poor
	}
	for _, y := range ref.Years {
		if y.Poor {
			c.refPoor++
		}
	}
	return c
}

// chooseStories picks a few traced households that show the mechanisms:
// one the class's policy kept out of poverty (or pushed into it), one that
// fell back and was helped back out by monitoring, one that fell back and
// stayed, and one that never fell back. alt and ref are the stories of the
// same households under the two scenarios.
func chooseStories(alt, ref []sim.Story) []StoryView {
	refByHH := map[int]*sim.Story{}
	for i := range ref {
		refByHH[ref[i].Household] = &ref[i]
	}
	var cands []candidate
	for i := range alt {
		r := refByHH[alt[i].Household]
		if r == nil || len(alt[i].Years) == 0 || !alt[i].FormerlyPoor {
			continue
		}
		cands = append(cands, summarize(&alt[i], r))
	}
	used := map[int]bool{}
	var out []StoryView
	pick := func(kind, title string, ok func(c candidate) bool, better func(a, b candidate) bool) {
		if len(out) >= shownStories {
			return
		}
		var best *candidate
		for i := range cands {
			c := &cands[i]
			if used[c.alt.Household] || !ok(*c) {
				continue
			}
			if best == nil || better(*c, *best) {
				best = c
			}
		}
		if best == nil {
			return
		}
		used[best.alt.Household] = true
		out = append(out, storyView(*best, kind, title))
	}
	gain := func(c candidate) int { return c.refPoor - c.poor }
	pick("saved", "Better off with the change", func(c candidate) bool { return gain(c) > 0 },
		func(a, b candidate) bool { return gain(a) > gain(b) })
	pick("hurt", "Worse off with the change", func(c candidate) bool { return gain(c) < 0 },
		func(a, b candidate) bool { return gain(a) < gain(b) })
	pick("helped", "Fell back, was helped, recovered", func(c candidate) bool { return c.fell && c.helped && c.back && !c.poorAtEnd },
		func(a, b candidate) bool { return a.poor < b.poor })
	pick("stuck", "Fell back and stayed poor", func(c candidate) bool { return c.fell && c.poorAtEnd },
		func(a, b candidate) bool { return a.poor > b.poor })
	pick("steady", "Never fell back", func(c candidate) bool { return c.poor == 0 },
		func(a, b candidate) bool { return len(a.alt.Years[0].Members) > len(b.alt.Years[0].Members) })
	pick("other", "Another household", func(c candidate) bool { return true },
		func(a, b candidate) bool { return a.poor > b.poor })
	pick("other", "Another household", func(c candidate) bool { return true },
		func(a, b candidate) bool { return a.poor > b.poor })
	sort.SliceStable(out, func(i, j int) bool { return kindRank[out[i].Kind] < kindRank[out[j].Kind] })
	return out
}

var kindRank = map[string]int{"saved": 0, "hurt": 1, "helped": 2, "stuck": 3, "steady": 4, "other": 5}

func storyView(c candidate, kind, title string) StoryView {
	sv := StoryView{
		Household: c.alt.Household, Village: c.alt.Village, FormerlyPoor: c.alt.FormerlyPoor,
		Kind: kind, Title: title, PoorYears: c.poor, RefPoorYears: c.refPoor,
	}
	for _, y := range c.alt.Years {
		sv.Years = append(sv.Years, yearView(y))
	}
	for _, y := range c.ref.Years {
		sv.Ref = append(sv.Ref, RefYear{Year: y.Year, PerCapita: y.PerCapita, Poor: y.Poor, Monitored: y.Monitored,
			Events: nonNil(y.Events.Names())})
	}
	sv.Summary = fmt.Sprintf("Poor in %s with the policy, %s in the comparison.", yearsText(c.poor), yearsText(c.refPoor))
	return sv
}

func yearsText(n int) string {
	switch n {
	case 0:
		return "no year"
	case 1:
		return "1 year"
	}
	return fmt.Sprintf("%d years", n)
}
