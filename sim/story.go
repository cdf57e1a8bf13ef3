package sim

// Event is something that happened to a household in a year, recorded for
// the households whose stories are traced.
type Event uint32

const (
	EvIllness        Event = 1 << iota // a major illness event
	EvDisaster                         // the village was hit by a disaster
	EvDamage                           // the household's property was damaged
	EvJobLoss                          // a laborer lost a wage job
	EvJobFound                         // a laborer found a wage job
	EvTrained                          // a laborer was trained
	EvIdentified                       // identified by dynamic monitoring
	EvAssisted                         // received monitoring assistance
	EvExitMonitoring                   // left monitoring
	EvMissed                           // at risk but not under monitoring
	EvPost                             // took a public welfare post
	EvDeath                            // a member died
	EvFellBack                         // fell into poverty
	EvRecovered                        // left poverty
	EvDibao                            // received the minimum living guarantee
	EvDisability                       // a member became disabled
	EvTalentReturn                     // a migrant came home to work
	numEvents
)

var eventNames = []string{
	"illness", "disaster", "property damage", "lost job", "found job", "trained",
	"identified by monitoring", "assisted", "left monitoring", "missed by monitoring",
	"welfare post", "member died", "fell into poverty", "left poverty", "dibao",
	"member disabled", "talent return",
}

// Names lists the events set in e, in a fixed order.
func (e Event) Names() []string {
	var out []string
	for i := 0; i < len(eventNames); i++ {
		if e&(1<<i) != 0 {
			out = append(out, eventNames[i])
		}
	}
	return out
}

// Story is the record of one traced household over the simulated years.
type Story struct {
	Household    int
	Village      int
	FormerlyPoor bool
	Years        []StoryYear
}

// StoryYear is one year of a Story.
type StoryYear struct {
	Year        int
	Members     []Member
	Ages        []int // of the members, that year
	Employed    []bool
	Land        float64 // contracted, mu
	Cultivated  float64
	Idle        float64
	Transferred float64
	Income      [NumComponents]float64
	PerCapita   float64 // net income per person, yuan
	Line        float64 // poverty line
	Poor        bool
	Monitored   bool
	Assistance  string // the kind of assistance paid this year, if assisted
	Events      Event
	// Cause is why the household was identified or is poor this year
	// (docs/MODEL.md §4, step 11, "Causes"), "" in a year it is neither.
	Cause string
	// Registered: a registered return this year (formerly poor, supported
	// by monitoring and still poor after the year's response).
	Registered bool
	// Support is the share of the year the household was supported by
	// monitoring: 1 − (the time it was found + monitoring.delay_months/12)
	// in the year it was found, else 1; 0 if it was not assisted.
	Support float64
}

// Kind of monitoring assistance.
const (
	KindCash uint8 = iota
	KindEmployment
	KindHealth
	KindIndustry
)

var kindNames = []string{"cash", "employment", "health", "industry"}
