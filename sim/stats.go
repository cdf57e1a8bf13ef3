package sim

// Type is a household type for breakdowns. Types overlap: a household
// belongs to every type whose condition it meets in the year counted, and to
// TypeOther only if it meets none.
type Type int

const (
	TypeElderlyOnly Type = iota // every member is elderly
	TypeDisabled                // a member is disabled
	TypeChronic                 // a member is chronically ill
	TypeMigrant                 // a laborer works away
	TypeLeftBehind              // a laborer works away and everyone at home is a child or elderly
	TypeNoLabor                 // no able laborer
	TypeLarge                   // five members or more
	TypeOther                   // none of the above
	NumTypes
)

var typeNames = [NumTypes]string{
	"elderly-only", "disabled-member", "chronic-illness", "with-migrant",
	"left-behind", "no-labor", "large", "other",
}

// String returns the type's name as used in output files.
func (t Type) String() string { return typeNames[t] }

// Component is a part of household net income.
type Component int

const (
	IncWages         Component = iota // wages of local and migrant work (migrants: the net share)
	IncPosts                          // public welfare post pay
	IncFarm                           // farm output less input costs
	IncRent                           // rent from transferred land
	IncTransfers                      // subsidy, industrial dividends, ecological compensation, pension, dibao
	IncAssistance                     // monitoring assistance: cash, job wage, industry support
	IncReimbursement                  // medical costs reimbursed (insurance, medical assistance, health assistance)
	IncRelief                         // disaster relief
	IncMedical                        // medical costs, gross (negative)
	IncDamage                         // disaster property damage, gross (negative)
	NumComponents
)

var componentNames = [NumComponents]string{
	"wages", "posts", "farm", "rent", "transfers", "assistance",
	"reimbursement", "relief", "medical", "damage",
}

func (c Component) String() string { return componentNames[c] }

// Program is a line of the public budget.
type Program int

const (
	CostSubsidy           Program = iota // transition-period subsidy
	CostIndustrial                       // industrial project dividends
	CostEcological                       // ecological compensation
	CostPension                          // old-age pension
	CostDibao                            // minimum living guarantee
	CostPosts                            // public welfare posts
	CostMedicalInsurance                 // medical insurance reimbursement
	CostMedicalAssistance                // added reimbursement for formerly poor households
	CostDisasterRelief                   // disaster relief
	CostAssistCash                       // monitoring: cash assistance
	CostAssistJobs                       // monitoring: employment assistance
	CostAssistHealth                     // monitoring: health assistance
	CostAssistIndustry                   // monitoring: industry assistance
	CostMonitoringAdmin                  // monitoring: administration
	CostTraining                         // skills training
	CostEcommerce                        // e-commerce logistics
	CostDoctors                          // rural doctors
	CostLand                             // land transfer subsidy and parks
	CostSpecialty                        // specialty industry promotion
	CostCooperation                      // labor cooperation
	NumPrograms
)

var programNames = [NumPrograms]string{
	"subsidy", "industrial", "ecological", "pension", "dibao", "welfare_posts",
	"medical_insurance", "medical_assistance", "disaster_relief",
	"assist_cash", "assist_jobs", "assist_health", "assist_industry", "monitoring_admin",
	"training", "ecommerce", "rural_doctors", "land_transfer", "specialty", "labor_cooperation",
}

func (p Program) String() string { return programNames[p] }

// TypeCount counts households and people of one type in one year.
type TypeCount struct {
	Households    int // alive households of this type
	FormerlyPoor  int // formerly poor households of this type
	Returned      int // formerly poor households of this type that are poor
	NewlyReturned int // … poor for the first time since 2020 this year
	NeverReturned int // … not yet returned at the start of the year (Kaplan–Meier risk set)
	Marginal      int
	MarginalPoor  int
	People        int
	PoorPeople    int
}

// YearStats are the counts and sums of one simulated year of one replication.
type YearStats struct {
	Year int

	Households int // alive households
	People     int // alive members
	Deaths     int // members who died this year
	Dissolved  int // households that lost their last member this year

	FormerlyPoor  int // alive formerly poor households
	Returned      int // … poor this year
	NewlyReturned int // … poor for the first time since 2020 this year
	NeverReturned int // … not yet returned at the start of the year (Kaplan–Meier risk set)
	EverReturned  int // … poor in this or an earlier simulated year

	Marginal         int // alive marginal households
	MarginalPoor     int // … poor this year
	MarginalFirst    int // … poor for the first time this year
	MarginalEverPoor int // … poor in this or an earlier year

	PoorPeople int     // members of poor households
	GapSum     float64 // Σ over people of poor households of (line − max(income, 0))/line, each in (0, 1]

	AtRisk    int // households under their township's monitoring line or with a severe spending shock
	Monitored int // households under monitoring (assistance running)
	Pending   int // households identified but waiting for assistance (lag)
	Missed    int // at-risk households neither monitored nor pending
	Enrolled  int // households identified this year
	Exited    int // households that left monitoring this year

	Registered      int // formerly poor households registered as returned: assisted this year and still poor after the year's response
	MonitoredPeople int // members of monitored households
	// MonitoredPeopleFormerlyPoor is MonitoredPeople in formerly poor households.
	MonitoredPeopleFormerlyPoor int
	// CoveredPeople are the members of households on the safety net's
	// rolls at the year's end (dibao or tekun, step 12: the year's last
	// review pays more than 0), CoveredPeopleFormerlyPoor those of
	// formerly poor households.
	CoveredPeople, CoveredPeopleFormerlyPoor int
	EverMonitored                            int                // households identified (monitored, or pending with a lag) in this or an earlier year
	Eliminated                               int                // … whose risk has been eliminated: they left monitoring and have not been identified again
	EverMonitoredPeople                      int                // members of the households counted in EverMonitored
	EliminatedPeople                         int                // members of the households counted in Eliminated
	Cases                                    [NumCauses]int     // households identified this year, by cause
	Categories                               [NumCategories]int // … by category
	RegisteredCauses                         [NumCauses]int     // registered returns, by cause
	ReturnedCauses                           [NumCauses]int     // formerly poor households poor this year (Returned), by cause
	Catastrophic                             int                // households whose out-of-pocket medical costs are catastrophic: at least 40% of their capacity to pay (P28)

	FormerlyPoorPeople int                    // members of formerly poor households
	FormerlyPoorNet    float64                // Σ net income of formerly poor households
	FormerlyPoorIncome [NumComponents]float64 // … by component, as Income; its sum is FormerlyPoorNet

	Employed int // laborers with a wage job at the year's end, a post or a job placed by employment assistance
	// EmployedFormerlyPoor is Employed in formerly poor households.
	EmployedFormerlyPoor int
	Migrants             int     // laborers working away
	Trained              int     // laborers trained this year
	CultivatedLand       float64 // mu
	IdleLand             float64 // mu
	TransferredLand      float64 // mu

	Line   float64 // poverty line this year, yuan per person
	Income [NumComponents]float64
	Net    float64 // Σ household net income; equals Σ Income
	Cost   [NumPrograms]float64
	Types  [NumTypes]TypeCount
}

// Spells counts transitions by the length of the spell they end, over a whole
// replication. Index d is the number of years the spell had lasted before the
// year counted (capped at the last index). Out-of-poverty spells of formerly
// poor households start with the exit in 2020.
type Spells struct {
	OutAtRisk []int // formerly poor households, and marginal households once poor, out of poverty for d years, at risk of falling back
	OutFall   []int // … of which fell back
	InAtRisk  []int // households of either group poor for d years, at risk of leaving poverty
	InExit    []int // … of which left poverty
	// Types holds the same counts for the households of each type (by
	// Type), typed in the year counted; its entries have no Types.
	Types []Spells
}

func newSpells(years int) Spells {
	s := newSpellCounts(years)
	s.Types = make([]Spells, NumTypes)
	for t := range s.Types {
		s.Types[t] = newSpellCounts(years)
	}
	return s
}

func newSpellCounts(years int) Spells {
	n := years + 2
	return Spells{
		OutAtRisk: make([]int, n), OutFall: make([]int, n),
		InAtRisk: make([]int, n), InExit: make([]int, n),
	}
}

// add counts n household-years of spell state st at duration dur.
func (sp *Spells) add(dur, st, n int) {
	switch {
	case st&spellWasPoor != 0:
		sp.InAtRisk[dur] += n
		if st&spellPoor == 0 {
			sp.InExit[dur] += n
		}
	case st&spellAtRisk != 0:
		sp.OutAtRisk[dur] += n
		if st&spellPoor != 0 {
			sp.OutFall[dur] += n
		}
	}
}

// Result is the outcome of one replication.
type Result struct {
	Seed    uint64
	Rep     int
	Years   []YearStats
	Spells  Spells
	Stories []Story // per traced household, its years
}
