package sim

// MaxMembers is the largest household the model holds.
const MaxMembers = 8

// Role is what a member does in the household economy.
type Role uint8

const (
	Child   Role = iota // younger than the adult age
	Laborer             // working age
	Elderly             // at or above the retirement age
)

// HealthState is a member's health.
type HealthState uint8

const (
	Healthy  HealthState = iota
	Chronic              // chronically ill: more illness, lower wage
	Disabled             // no labor capacity
)

// Mode is a laborer's kind of work.
type Mode uint8

const (
	ModeNone    Mode = iota // no work (disabled, child, elderly)
	ModeFarm                // farms the household's land
	ModeLocal               // seeks local wage work, farms part time
	ModeMigrant             // works away from home
)

// Member is one household member. It is 8 bytes so that a household's
// members share a cache line.
type Member struct {
	Skill float32 // in [0, 1]
	// StartAge is the member's age when the replication started. Its age
	// in a year is StartAge plus the years aged since, at most 255
	// (ageOf): a year does not touch each member to age it.
	StartAge uint8
	Role     Role
	Health   HealthState
	Mode     Mode
}

// Member flags, kept in household.memberFlags per slot to keep Member small.
const (
	memberEmployed uint8 = 1 << iota // has a wage job this year
	memberPost                       // holds a public welfare post
	memberReturnee                   // returned talent
)

// household flags.
const (
	flagFormerlyPoor  uint16 = 1 << iota // registered poor, lifted out by 2020
	flagEverPoor                         // poor in some simulated year
	flagPoor                             // poor this year
	flagMonitored                        // under monitoring and assistance
	flagPending                          // identified, assistance not started yet (lag)
	flagDissolved                        // no members left
	flagTraced                           // its story is recorded
	flagEverMonitored                    // monitored in this or an earlier year
	flagEliminated                       // its risk was eliminated: it left monitoring and has not been identified again
)

// household is the state of one household.
type household struct {
	Members     [MaxMembers]Member
	memberFlags [MaxMembers]uint8
	Village     int32
	Land        float32 // contracted land, mu
	Transferred float32 // land transferred out for rent, mu
	LastIncome  float32 // per-capita net income last year less last year's guarantee (what the dibao's review reads), yuan
	dibaoU      float32 // fixed uniform: takes up dibao when below the take-up share
	Flags       uint16
	Size        uint8
	Kind        uint8 // kind of assistance while monitored
	Since       uint8 // years in the current spell (out of or in poverty)
	Monitored   uint8 // years under monitoring
	Above       uint8 // consecutive years above the exit threshold
	PendingIn   uint8 // years until assistance starts
	PostYears   uint8 // years the current post has been held

	// What the members are, kept by takeCensus (census.go) so that a
	// household-year need not loop over its members to know it.
	able    uint8    // bit m: member m is a laborer and not disabled
	elderly uint8    // bit m: member m is elderly
	healthy uint8    // bit m: member m is an adult (laborer or elderly) in good health
	chronic uint8    // bit m: member m is an adult chronically ill
	census  uint16   // number of elderly, chronically ill, disabled and able elderly members, 4 bits each
	types   uint8    // the household's types that its members alone decide (all but TypeMigrant and TypeLeftBehind)
	home    uint8    // adults of working age at home if no laborer works away (athome in household)
	oldest  [2]int16 // the largest start age of a child ([Child]) and of a laborer ([Laborer]); noOldest if none
}

// Village attributes, fixed within a replication except where the timeline
// moves a coverage share.
type village struct {
	Product  uint8   // the ordinary product it sells (the specialty, index specialty.products, if it adopts it: villageYear)
	Township int32   //
	rankHigh float64 // … high disaster exposure when rankHigh < disaster.high_exposure
	rankEcom float64 // the village has e-commerce when rankEcom < coverage
	rankDoc  float64 // … a standardized rural doctor when rankDoc < coverage
	rankPark float64 // … a modern agricultural park when rankPark < coverage
	rankSpec float64 // … adopted the promoted product when rankSpec < adoption

	// per year
	ecom, doc, park, spec bool
	high                  bool    // high disaster exposure
	product               uint8   // product sold this year
	price                 float64 // farm-gate price multiplier this year
	disaster              bool
	cropLoss              float64
	vacant, held          int // public welfare posts vacant this year, held so far
	returnees             int // returned talents working in the village last year
	returneesNow          int // … counted this year

	// per year, what the village's households share (yearSetup)
	find     [2]float64 // job-finding probability before skill, [0] local (the base plus the village's boosts), [1] migrant
	netYield [2]float64 // farm income per cultivated mu, less input costs; [1]: a laborer is under ecommerce.young_age
	tLine    float64    // the township's monitoring line
}

// b2i is 1 for true, 0 for false.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
