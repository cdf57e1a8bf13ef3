package analysis

import (
	"fmt"
	"strings"

	"github.com/povsim/povsim/internal/textdist"
	"github.com/povsim/povsim/sim"
)

// OutcomeKey names an outcome. Code names outcomes with the constants below
// and with CostOf and ReturnRateOf, so that a misspelt outcome does not
// compile; names typed by people (flags, sweep files, targets files) go
// through ParseOutcome, which says what is known. The zero key is
// ReturnRate (income poverty); the headline of every output is
// RegisteredReturn, with ReturnRate beside it.
type OutcomeKey uint16

// Outcomes of one scenario, measured each year (Outcomes lists them in
// order), then outcomes of a comparison of an alternative with the base.
const (
	ReturnRate                 OutcomeKey = iota // share of formerly poor households poor this year
	EverReturned                                 // share of formerly poor households poor in some year since the start
	MarginalEntry                                // share of marginal households poor for the first time this year
	MarginalPoor                                 // share of marginal households poor this year
	Headcount                                    // share of people poor this year
	PovertyGap                                   // mean shortfall below the line per person, as a share of the line
	Monitored                                    // households under monitoring
	Missed                                       // households at risk and not monitored
	Income                                       // mean net income per person
	Cost                                         // fiscal cost this year, all programs
	RegisteredReturn                             // share of formerly poor households registered as returned: monitored and poor after the year's response
	IncomeFormerlyPoor                           // mean net income per person of formerly poor households
	MonitoredShare                               // share of people in households under monitoring
	RiskEliminated                               // share of the people ever monitored whose risk has been eliminated
	CatastrophicHealth                           // share of households with catastrophic health expenditure
	EverMonitoredShare                           // share of people in households monitored in this or an earlier year
	IncomeGrowth                                 // growth of mean net income per person on the year before (Income this year / last year − 1)
	EmployedFormerlyPoor                         // share of the formerly poor households' members employed: a wage job at the year's end, a welfare post or a job placed by employment assistance
	MonitoredShareFormerlyPoor                   // share of the formerly poor households' members under monitoring
	SafetyNetShare                               // share of people in households on the safety net's (dibao or tekun) rolls at the year's end
	SafetyNetShareFormerlyPoor                   // the same, of the formerly poor households' members
	MonitoredStockShare                          // share of people in households still under monitoring at the year's end: ever monitored, risk not eliminated

	KeptOut              // households not poor under the alternative that are poor under the base (base − alt)
	ReturnsAvoided       // households that never returned under the alternative but did under the base, since the start
	ExtraCost            // fiscal cost of the alternative minus the base's, summed from the start
	CostPerReturnAvoided // ExtraCost per ReturnsAvoided at the horizon
	UnpairedHalfWidth    // half-width of the return-rate difference's interval without common random numbers
	RegisteredAvoided    // registered returns under the base but not the alternative, summed from the start (base − alt)
	CostPerRegistered    // ExtraCost per RegisteredAvoided at the horizon

	numNamed
	firstCost        = numNamed
	firstType        = firstCost + OutcomeKey(sim.NumPrograms)
	firstShare       = firstType + OutcomeKey(sim.NumTypes)
	firstCause       = firstShare + OutcomeKey(NumIncomeGroups)
	firstReturnCause = firstCause + OutcomeKey(sim.NumCauses)
	firstRegCause    = firstReturnCause + OutcomeKey(sim.NumCauses)
	firstShareFP     = firstRegCause + OutcomeKey(sim.NumCauses)
	numKeys          = firstShareFP + OutcomeKey(NumIncomeGroups)
)

// IncomeGroup is a group of income sources as household surveys report
// them (P10): wages, net business income, property income, net transfers.
type IncomeGroup uint8

const (
	IncomeWages     IncomeGroup = iota // wages and welfare post pay
	IncomeBusiness                     // farm income less input costs
	IncomeProperty                     // rent of transferred land
	IncomeTransfers                    // transfers (dibao included), monitoring assistance and disaster relief
	NumIncomeGroups
)

var incomeGroupNames = [NumIncomeGroups]string{"wages", "business", "property", "transfers"}

func (g IncomeGroup) String() string { return incomeGroupNames[g] }

// components are the income components of the group.
func (g IncomeGroup) components() []sim.Component {
	switch g {
	case IncomeWages:
		return []sim.Component{sim.IncWages, sim.IncPosts}
	case IncomeBusiness:
		return []sim.Component{sim.IncFarm}
	case IncomeProperty:
		return []sim.Component{sim.IncRent}
	}
	return []sim.Component{sim.IncTransfers, sim.IncAssistance, sim.IncRelief}
}

// bound is the range of the group's share of gross income. Net business
// income can be negative (input costs above the harvest), so its share can
// be too, and the others' can then exceed 1.
func (g IncomeGroup) bound() Bound {
	if g == IncomeBusiness {
		return Unbounded
	}
	return NonNegative
}

// IncomeShareOf is the key of an income group's share of all households'
// gross income (the four groups, before medical costs and damage).
func IncomeShareOf(g IncomeGroup) OutcomeKey { return firstShare + OutcomeKey(g) }

// IncomeShareFormerlyPoorOf is the key of an income group's share of the
// formerly poor households' gross income, as IncomeShareOf's of all
// households'.
func IncomeShareFormerlyPoorOf(g IncomeGroup) OutcomeKey { return firstShareFP + OutcomeKey(g) }

// CauseShareOf is the key of the share of the year's newly monitored
// households whose cause (docs/MODEL.md §4, step 11) is c.
func CauseShareOf(c sim.Cause) OutcomeKey { return firstCause + OutcomeKey(c) }

// ReturnCauseShareOf is the key of the share of the formerly poor households
// poor this year whose cause is c.
func ReturnCauseShareOf(c sim.Cause) OutcomeKey { return firstReturnCause + OutcomeKey(c) }

// RegisteredCauseShareOf is the key of the share of the year's registered
// returns whose cause is c.
func RegisteredCauseShareOf(c sim.Cause) OutcomeKey { return firstRegCause + OutcomeKey(c) }

// CauseShares are the keys of the shares by cause of one kind of event
// (CauseShareOf, ReturnCauseShareOf or RegisteredCauseShareOf), in Cause
// order.
func CauseShares(of func(sim.Cause) OutcomeKey) []OutcomeKey {
	keys := make([]OutcomeKey, sim.NumCauses)
	for c := range keys {
		keys[c] = of(sim.Cause(c))
	}
	return keys
}

// CostOf is the key of the fiscal cost of one program per year.
func CostOf(p sim.Program) OutcomeKey { return firstCost + OutcomeKey(p) }

// ReturnRateOf is the key of the return rate among households of one type.
func ReturnRateOf(t sim.Type) OutcomeKey { return firstType + OutcomeKey(t) }

// Outcomes are the outcomes every summary reports, in order: the
// registered return first, the headline, and income poverty beside it.
var Outcomes = []OutcomeKey{RegisteredReturn, ReturnRate, EverReturned, MarginalEntry, MarginalPoor, Headcount,
	PovertyGap, Monitored, MonitoredShare, RiskEliminated, Missed, Income, IncomeFormerlyPoor, CatastrophicHealth, Cost}

const (
	shareFormerlyPoor = "share of formerly poor households"
	unitHouseholds    = "households"
	unitYuan          = "yuan"
)

// outcomeInfo is what a reader of an output needs to know about an outcome.
type outcomeInfo struct {
	name, label, unit string
	// cumulative: the value counts or sums everything since the first
	// simulated year, not just the year of its row.
	cumulative bool
	// bound: the values the outcome can take, where its intervals stop.
	bound Bound
}

// Bound is the range of values an outcome can take. An interval across
// replications is cut at it (Clamp): a share's interval never goes below
// 0 or above 1, a count's never below 0 (docs/MODEL.md §6). The zero
// value, Unbounded, leaves intervals as they are: incomes, and every
// difference between two scenarios, which may have either sign.
type Bound uint8

const (
	Unbounded    Bound = iota // any value: incomes, differences between scenarios
	NonNegative               // 0 or more: counts of households, money spent
	UnitInterval              // 0 to 1: shares
)

var boundNames = [...]string{"unbounded", "0 or more", "0 to 1"}

func (b Bound) String() string {
	if int(b) < len(boundNames) {
		return boundNames[b]
	}
	return fmt.Sprintf("bound(%d)", uint8(b))
}

// Clamp cuts e's interval at the bound; the mean, standard deviation and
// count are left as they are. Since the true value lies within the bound,
// the cut interval holds it whenever the uncut one did: the coverage is
// unchanged.
func (b Bound) Clamp(e Estimate) Estimate {
	if e.HasInterval() {
		e.Lo, e.Hi = b.Cut(e.Lo, e.Hi)
	}
	return e
}

// Cut cuts the interval [lo, hi] at the bound.
func (b Bound) Cut(lo, hi float64) (float64, float64) {
	switch b {
	case NonNegative:
		lo = max(lo, 0)
	case UnitInterval:
		lo, hi = max(lo, 0), min(hi, 1)
	}
	return lo, hi
}

var named = [numNamed]outcomeInfo{
	ReturnRate:                 {"return_rate", "Income poverty of the formerly poor (as a survey sees it)", shareFormerlyPoor, false, UnitInterval},
	EverReturned:               {"ever_returned", "Ever returned since 2020", shareFormerlyPoor, true, UnitInterval},
	MarginalEntry:              {"marginal_entry", "First entries, marginal", "share of marginal households", false, UnitInterval},
	MarginalPoor:               {"marginal_poor", "Poverty rate, marginal", "share of marginal households", false, UnitInterval},
	Headcount:                  {"headcount", "Headcount (people)", "share of people", false, UnitInterval},
	PovertyGap:                 {"poverty_gap", "Poverty gap", "share of the line per person", false, UnitInterval},
	Monitored:                  {"monitored", "Under monitoring", unitHouseholds, false, NonNegative},
	Missed:                     {"missed", "At risk, not monitored", unitHouseholds, false, NonNegative},
	Income:                     {"income", "Mean income", "yuan per person", false, Unbounded},
	Cost:                       {"cost", "Fiscal cost", unitYuan, false, NonNegative},
	RegisteredReturn:           {"registered_return", "Registered returns to poverty", shareFormerlyPoor, false, UnitInterval},
	IncomeFormerlyPoor:         {"income_formerly_poor", "Mean income, formerly poor", "yuan per person", false, Unbounded},
	MonitoredShare:             {"monitored_share", "People under monitoring", "share of people", false, UnitInterval},
	RiskEliminated:             {"risk_eliminated", "Risk eliminated, of those ever monitored", "share of people ever monitored", true, UnitInterval},
	CatastrophicHealth:         {"catastrophic_health", "Catastrophic health expenditure", "share of households", false, UnitInterval},
	EverMonitoredShare:         {"ever_monitored_share", "People ever monitored since the start", "share of people", true, UnitInterval},
	IncomeGrowth:               {"income_growth", "Growth of mean income on the year before", "fraction of last year's mean income", false, Unbounded},
	EmployedFormerlyPoor:       {"employed_formerly_poor", "Employed, formerly poor", "share of formerly poor people", false, UnitInterval},
	MonitoredShareFormerlyPoor: {"monitored_share_formerly_poor", "People under monitoring, formerly poor", "share of formerly poor people", false, UnitInterval},
	SafetyNetShare:             {"safety_net_share", "People on the safety net (dibao or tekun)", "share of people", false, UnitInterval},
	SafetyNetShareFormerlyPoor: {"safety_net_share_formerly_poor", "People on the safety net, formerly poor", "share of formerly poor people", false, UnitInterval},
	MonitoredStockShare:        {"monitored_stock_share", "People still monitored at the year's end", "share of people", false, UnitInterval},
	KeptOut:                    {"kept_out", "Households kept out of poverty", unitHouseholds, false, Unbounded},
	ReturnsAvoided:             {"returns_avoided", "Returns avoided since 2020", unitHouseholds, true, Unbounded},
	ExtraCost:                  {"extra_cost", "Extra fiscal cost since the start", unitYuan, true, Unbounded},
	CostPerReturnAvoided:       {"cost_per_return_avoided", "Extra fiscal cost per return avoided, at the horizon", "yuan per household", true, Unbounded},
	UnpairedHalfWidth: {"unpaired_half_width", "Half-width of the return-rate difference's 95% interval had the scenarios been run on independent random numbers (Welch over replications; Monte Carlo noise only, even with parameter draws)",
		shareFormerlyPoor, false, NonNegative},
	RegisteredAvoided: {"registered_returns_avoided", "Registered returns avoided since the start (a household registered in two years counts twice)",
		"registered returns (household-years)", true, Unbounded},
	CostPerRegistered: {"cost_per_registered_return_avoided", "Extra fiscal cost per registered return avoided, at the horizon", "yuan per registered return", true, Unbounded},
}

func (k OutcomeKey) info() outcomeInfo {
	switch {
	case k < numNamed:
		return named[k]
	case k < firstType:
		p := sim.Program(k - firstCost)
		return outcomeInfo{"cost." + p.String(), "Cost: " + p.String(), unitYuan, false, NonNegative}
	case k < firstShare:
		t := sim.Type(k - firstType)
		return outcomeInfo{"return_rate." + t.String(), "Income poverty: " + t.String(),
			"share of formerly poor households of the type", false, UnitInterval}
	case k < firstCause:
		g := IncomeGroup(k - firstShare)
		return outcomeInfo{"income_share." + g.String(), "Share of income: " + g.String(), "share of gross income", false, g.bound()}
	case k < firstReturnCause:
		c := sim.Cause(k - firstCause)
		return outcomeInfo{"cause." + c.String(), "Cause of newly monitored: " + c.String(), "share of households identified this year", false, UnitInterval}
	case k < firstRegCause:
		c := sim.Cause(k - firstReturnCause)
		return outcomeInfo{"return_cause." + c.String(), "Cause of income poverty: " + c.String(), "share of formerly poor households poor this year", false, UnitInterval}
	case k < firstShareFP:
		c := sim.Cause(k - firstRegCause)
		return outcomeInfo{"registered_cause." + c.String(), "Cause of registered returns: " + c.String(), "share of registered returns this year", false, UnitInterval}
	case k < numKeys:
		g := IncomeGroup(k - firstShareFP)
		return outcomeInfo{"income_share_formerly_poor." + g.String(), "Share of income, formerly poor: " + g.String(),
			"share of formerly poor households' gross income", false, g.bound()}
	}
	return outcomeInfo{name: fmt.Sprintf("outcome(%d)", uint16(k)), label: "unknown outcome"}
}

// String is the outcome's name in files and flags: "return_rate",
// "cost.dibao", "return_rate.elderly".
func (k OutcomeKey) String() string { return k.info().name }

// Label is the outcome's name for people.
func (k OutcomeKey) Label() string { return k.info().label }

// Unit is what the outcome's values count or measure.
func (k OutcomeKey) Unit() string { return k.info().unit }

// Cumulative reports whether a value sums or counts everything since the
// first simulated year rather than the year of its row.
func (k OutcomeKey) Cumulative() bool { return k.info().cumulative }

// Bound is the range of the outcome's values, where its intervals stop.
func (k OutcomeKey) Bound() Bound { return k.info().bound }

// Share reports whether the outcome is a share (printed as a percentage).
func (k OutcomeKey) Share() bool { return strings.HasPrefix(k.Unit(), "share") }

// Yearly reports whether the outcome is measured on one scenario's year
// (Value is defined), rather than on a comparison of two scenarios.
func (k OutcomeKey) Yearly() bool { return k < KeptOut || (k >= numNamed && k < numKeys) }

// MarshalText writes the outcome's name.
func (k OutcomeKey) MarshalText() ([]byte, error) {
	if k >= numKeys {
		return nil, fmt.Errorf("no outcome has key %d", uint16(k))
	}
	return []byte(k.String()), nil
}

// UnmarshalText reads an outcome's name (see ParseOutcome).
func (k *OutcomeKey) UnmarshalText(b []byte) error {
	v, err := ParseOutcome(string(b))
	if err == nil {
		*k = v
	}
	return err
}

// AllOutcomes lists every key: the yearly outcomes, the comparison
// outcomes, then the cost of each program, the return rate of each type,
// the income shares, the shares by cause and the formerly poor households'
// income shares.
func AllOutcomes() []OutcomeKey {
	keys := make([]OutcomeKey, numKeys)
	for k := range keys {
		keys[k] = OutcomeKey(k)
	}
	return keys
}

// ParseOutcome finds an outcome by the name people type. An unknown name
// gives an error naming it, suggesting the closest known name, and listing
// the others.
func ParseOutcome(name string) (OutcomeKey, error) {
	for k := OutcomeKey(0); k < numKeys; k++ {
		if k.String() == name {
			return k, nil
		}
	}
	return 0, &UnknownOutcomeError{Name: name}
}

// UnknownOutcomeError is ParseOutcome's error for a name it does not know.
type UnknownOutcomeError struct{ Name string }

func (e *UnknownOutcomeError) Error() string {
	msg := fmt.Sprintf("unknown outcome %q", e.Name)
	if s := e.Suggestion(); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return msg + "; known outcomes: " + KnownOutcomes(false)
}

// KnownOutcomes names the outcomes for messages: the named ones (only
// those of one scenario if yearly), then the families of outcomes by
// program, household type, income group and cause.
func KnownOutcomes(yearly bool) string {
	var names []string
	for k := OutcomeKey(0); k < numNamed; k++ {
		if !yearly || k.Yearly() {
			names = append(names, k.String())
		}
	}
	return strings.Join(names, ", ") + ", cost.PROGRAM (" + strings.Join(programNames(), ", ") +
		"), return_rate.TYPE (" + strings.Join(typeNames(), ", ") + "), income_share.GROUP or income_share_formerly_poor.GROUP (" +
		strings.Join(incomeGroupNames[:], ", ") + "), cause.CAUSE, return_cause.CAUSE or registered_cause.CAUSE (" + strings.Join(causeNames(), ", ") + ")"
}

// Suggestion is the known outcome name closest to the unknown one, or "".
func (e *UnknownOutcomeError) Suggestion() string {
	best, bestD := "", 4
	for k := OutcomeKey(0); k < numKeys; k++ {
		if d := textdist.Distance(e.Name, k.String()); d < bestD {
			best, bestD = k.String(), d
		}
	}
	return best
}

// namesOf lists the names of the values 0 … n−1 of an enumeration.
func namesOf[E interface {
	~int | ~uint8
	String() string
}](n E) []string {
	out := make([]string, int(n))
	for i := range out {
		out[i] = E(i).String()
	}
	return out
}

func programNames() []string { return namesOf(sim.NumPrograms) }
func causeNames() []string   { return namesOf(sim.NumCauses) }
func typeNames() []string    { return namesOf(sim.NumTypes) }

// Value reads a yearly outcome off year t of one replication's years. It
// reports false where the outcome is undefined (a share of zero
// households; income_growth in the first simulated year, which has no year
// before it, or after a year of no income) and for outcomes that compare
// two scenarios. Only income_growth reads a year other than t.
func (k OutcomeKey) Value(years []sim.YearStats, t int) (float64, bool) {
	y := &years[t]
	if k == IncomeGrowth {
		return growth(years, t)
	}
	switch {
	case k >= firstShareFP && k < numKeys:
		return incomeShare(&y.FormerlyPoorIncome, IncomeGroup(k-firstShareFP))
	case k >= firstRegCause && k < firstShareFP:
		return ratio(y.RegisteredCauses[k-firstRegCause], y.Registered)
	case k >= firstReturnCause && k < firstRegCause:
		return ratio(y.ReturnedCauses[k-firstReturnCause], y.Returned)
	case k >= firstCause && k < firstReturnCause:
		return ratio(y.Cases[k-firstCause], y.Enrolled)
	case k >= firstShare && k < firstCause:
		return incomeShare(&y.Income, IncomeGroup(k-firstShare))
	case k >= firstType && k < firstShare:
		tc := y.Types[k-firstType]
		return ratio(tc.Returned, tc.FormerlyPoor)
	case k >= firstCost && k < firstType:
		return y.Cost[k-firstCost], true
	}
	switch k {
	case ReturnRate:
		return ratio(y.Returned, y.FormerlyPoor)
	case EverReturned:
		return ratio(y.EverReturned, y.FormerlyPoor)
	case MarginalEntry:
		return ratio(y.MarginalFirst, y.Marginal)
	case MarginalPoor:
		return ratio(y.MarginalPoor, y.Marginal)
	case Headcount:
		return ratio(y.PoorPeople, y.People)
	case PovertyGap:
		return perPerson(y.GapSum, y.People)
	case Monitored:
		return float64(y.Monitored), true
	case Missed:
		return float64(y.Missed), true
	case Income:
		return perPerson(y.Net, y.People)
	case Cost:
		return totalCost(y), true
	case RegisteredReturn:
		return ratio(y.Registered, y.FormerlyPoor)
	case IncomeFormerlyPoor:
		return perPerson(y.FormerlyPoorNet, y.FormerlyPoorPeople)
	case MonitoredShare:
		return ratio(y.MonitoredPeople, y.People)
	case RiskEliminated:
		return ratio(y.EliminatedPeople, y.EverMonitoredPeople)
	case CatastrophicHealth:
		return ratio(y.Catastrophic, y.Households)
	case EverMonitoredShare:
		return ratio(y.EverMonitoredPeople, y.People)
	case EmployedFormerlyPoor:
		return ratio(y.EmployedFormerlyPoor, y.FormerlyPoorPeople)
	case MonitoredShareFormerlyPoor:
		return ratio(y.MonitoredPeopleFormerlyPoor, y.FormerlyPoorPeople)
	case SafetyNetShare:
		return ratio(y.CoveredPeople, y.People)
	case SafetyNetShareFormerlyPoor:
		return ratio(y.CoveredPeopleFormerlyPoor, y.FormerlyPoorPeople)
	case MonitoredStockShare:
		return ratio(y.EverMonitoredPeople-y.EliminatedPeople, y.People)
	}
	return 0, false
}

// incomeShare is an income group's share of the four groups' sum in inc,
// the income of all households (YearStats.Income) or of the formerly poor
// (FormerlyPoorIncome).
func incomeShare(inc *[sim.NumComponents]float64, g IncomeGroup) (float64, bool) {
	total, part := 0.0, 0.0
	for h := range NumIncomeGroups {
		s := 0.0
		for _, c := range h.components() {
			s += inc[c]
		}
		total += s
		if h == g {
			part = s
		}
	}
	if total <= 0 {
		return 0, false
	}
	return part / total, true
}

// growth is income_growth in year t: this year's mean net income per
// person over last year's, less 1. It is undefined in the first year (the
// model records no year before it) and where either mean is undefined or
// last year's is not above 0 (a ratio to nothing, or of changed sign, is
// no growth).
func growth(years []sim.YearStats, t int) (float64, bool) {
	if t == 0 {
		return 0, false
	}
	now, ok := Income.Value(years, t)
	last, okLast := Income.Value(years, t-1)
	if !ok || !okLast || last <= 0 {
		return 0, false
	}
	return now/last - 1, true
}

func ratio(num, den int) (float64, bool) {
	if den == 0 {
		return 0, false
	}
	return float64(num) / float64(den), true
}

func perPerson(x float64, people int) (float64, bool) {
	if people == 0 {
		return 0, false
	}
	return x / float64(people), true
}

func totalCost(y *sim.YearStats) float64 {
	s := 0.0
	for _, c := range y.Cost {
		s += c
	}
	return s
}
