package sim

// Params holds every parameter of the household model. Money is in yuan,
// nominal, or stated in Poverty.BaseYear yuan where a comment says it
// grows (with the line, wages, farm prices or the dibao standards); land
// is in mu; rates and shares are in [0, 1] per year unless a comment says
// otherwise. docs/MODEL.md lists each field with its default and source;
// Default returns those defaults.
//
// Params never change inside a year. A Config's Timeline changes them from a
// given year on; the model reads the parameters of the year it simulates.
type Params struct {
	StartYear int `yaml:"start_year"` // first simulated year; the population is as of the end of StartYear−1
	Years     int `yaml:"years"`      // number of simulated years

	Population Population   `yaml:"population"`
	Poverty    Poverty      `yaml:"poverty"`
	Demography Demography   `yaml:"demography"`
	Labor      Labor        `yaml:"labor"`
	Training   Training     `yaml:"training"`
	Farming    Farming      `yaml:"farming"`
	Land       Land         `yaml:"land"`
	Specialty  Specialty    `yaml:"specialty"`
	Ecommerce  Ecommerce    `yaml:"ecommerce"`
	Health     Health       `yaml:"health"`
	Disaster   Disaster     `yaml:"disaster"`
	Transfers  Transfers    `yaml:"transfers"`
	Posts      WelfarePosts `yaml:"welfare_posts"`
	Monitoring Monitoring   `yaml:"monitoring"`
}

// Population describes the synthetic households drawn at the start of a
// replication.
type Population struct {
	Households          int       `yaml:"households"`            // simulated households
	VillageSize         int       `yaml:"village_size"`          // households per village
	VillagesPerTownship int       `yaml:"villages_per_township"` // villages per township
	FormerlyPoorShare   float64   `yaml:"formerly_poor_share"`   // share registered poor and lifted out by 2020; the rest are marginal households
	MarginalLine        float64   `yaml:"marginal_line"`         // marginal households are drawn with a warm-up per-capita income before the guarantee under marginal_line × the line (warmup.go); 0: drawn as any household
	SizeWeights         []float64 `yaml:"size_weights"`          // relative frequency of household sizes 1, 2, … (at most MaxMembers entries)
	NoLaborShare        float64   `yaml:"no_labor_share"`        // share of households with no laborer at all
	LaborersMin         int       `yaml:"laborers_min"`          // other households: laborers uniform on {min(min, size) … min(max, size)}
	LaborersMax         int       `yaml:"laborers_max"`          //
	ElderlyShare        float64   `yaml:"elderly_share"`         // share of non-laborer members who are elderly (the rest are children)
	LaborerAgeMin       int       `yaml:"laborer_age_min"`       // laborer ages uniform on [min, max], years
	LaborerAgeMax       int       `yaml:"laborer_age_max"`       //
	ElderlyAgeSpan      int       `yaml:"elderly_age_span"`      // elderly ages uniform on the whole years of [demography.retire_age, retire_age + span); 0: all retire_age
	ChronicShare        float64   `yaml:"chronic_share"`         // share of adults chronically ill at start
	DisabledShare       float64   `yaml:"disabled_share"`        // share of adults disabled at start
	SkillMax            float64   `yaml:"skill_max"`             // initial skill uniform on [0, skill_max); skill lies in [0, 1]
	MigrantShare        float64   `yaml:"migrant_share"`         // share of able laborers aged at most labor.migrant_age_max who work away
	LocalShare          float64   `yaml:"local_share"`           // share of the other able laborers who seek local wage work (the rest farm)
	LandPerPerson       bool      `yaml:"land_per_person"`       // land_min and land_max are per member: a household's contracted land is its size times the draw
	LandMin             float64   `yaml:"land_min"`              // contracted land uniform on [min, max), mu (per member with land_per_person)
	LandMax             float64   `yaml:"land_max"`              //
	TransferredShare    float64   `yaml:"transferred_share"`     // share of contracted land already transferred out at the start
}

// Poverty sets the poverty line.
type Poverty struct {
	Line     float64 `yaml:"line"`      // poverty line in BaseYear, yuan per person per year
	BaseYear int     `yaml:"base_year"` // year the line is stated for
	Index    float64 `yaml:"index"`     // yearly growth of the line (price index)
}

// Demography ages members, retires laborers and lets the elderly die.
type Demography struct {
	Enabled          bool    `yaml:"enabled"`
	RetireAge        int     `yaml:"retire_age"`        // laborers become elderly at this age
	AdultAge         int     `yaml:"adult_age"`         // children become laborers at this age
	ElderlyMortality float64 `yaml:"elderly_mortality"` // yearly probability of death of an elderly member
}

// Labor sets employment and wages. A laborer's job status is a two-state
// Markov chain: employed laborers lose their job with JobLoss, the others find
// one with JobFind, at a uniform time of the year if PartYear. Wages are
// lognormal.
type Labor struct {
	MigrantAgeMax    int     `yaml:"migrant_age_max"`    // laborers older than this do not leave for migrant work
	MigrantJobFind   float64 `yaml:"migrant_job_find"`   // yearly probability that a migrant without a job finds one
	MigrantJobLoss   float64 `yaml:"migrant_job_loss"`   // yearly probability that an employed migrant loses the job
	LocalJobFind     float64 `yaml:"local_job_find"`     // same for local wage work
	LocalJobLoss     float64 `yaml:"local_job_loss"`     //
	PartYear         bool    `yaml:"part_year"`          // a job lost or found during the year pays for the part of the year it was held (at a uniform time); if false, the job's state at the year's end counts for the whole year
	HouseholdWorker  bool    `yaml:"household_worker"`   // a household whose able laborers all farm sends its youngest to seek local wage work
	MigrantWageMu    float64 `yaml:"migrant_wage_mu"`    // log median yearly migrant wage, log yuan
	LocalWageMu      float64 `yaml:"local_wage_mu"`      // log median yearly local wage, log yuan
	WageSigma        float64 `yaml:"wage_sigma"`         // standard deviation of log wages
	MigrantNetShare  float64 `yaml:"migrant_net_share"`  // share of a migrant's wage that reaches the household (after living costs away)
	SkillReturn      float64 `yaml:"skill_return"`       // wage multiplier is 1 + skill_return × skill
	SkillJobFind     float64 `yaml:"skill_job_find"`     // job-finding probability rises by skill_job_find × skill
	ChronicWage      float64 `yaml:"chronic_wage"`       // wage multiplier of a chronically ill laborer
	WageGrowth       float64 `yaml:"wage_growth"`        // yearly nominal wage growth
	Cooperation      float64 `yaml:"cooperation"`        // labor cooperation between provinces: added migrant job-finding probability
	CooperationLoss  float64 `yaml:"cooperation_loss"`   // labor cooperation: migrant job-loss probability is multiplied by 1 − this
	CooperationCost  float64 `yaml:"cooperation_cost"`   // fiscal cost per employed migrant per year while cooperation or cooperation_loss > 0, yuan
	TalentReturn     float64 `yaml:"talent_return"`      // yearly probability that a migrant with skill ≥ talent_skill returns to local work
	TalentSkill      float64 `yaml:"talent_skill"`       // skill needed for talent return
	ReturneePremium  float64 `yaml:"returnee_premium"`   // local wage multiplier of a returned talent
	ReturneeJobBoost float64 `yaml:"returnee_job_boost"` // added local job-finding probability in a village per returned talent (capped at returnee_boost_max)
	ReturneeBoostMax float64 `yaml:"returnee_boost_max"` // cap of a village's job-finding boost from returned talents
}

// Training raises the skill of laborers (000, 001, 003 §5.1).
type Training struct {
	Rate    float64 `yaml:"rate"`     // yearly probability that a laborer aged at most age_max is trained
	AgeMax  int     `yaml:"age_max"`  // oldest age trained
	Gain    float64 `yaml:"gain"`     // skill added by one training (skill is capped at 1)
	CostPer float64 `yaml:"cost_per"` // fiscal cost per trainee, yuan
}

// Farming sets the income from cultivated land.
type Farming struct {
	YieldValue       float64 `yaml:"yield_value"`       // gross output per cultivated mu at price 1, yuan
	InputCost        float64 `yaml:"input_cost"`        // input cost per cultivated mu, yuan
	PriceGrowth      float64 `yaml:"price_growth"`      // yearly trend of farm-gate prices
	ProductSigma     float64 `yaml:"product_sigma"`     // log-sd of the yearly market shock, common to all villages selling one product
	VillageSigma     float64 `yaml:"village_sigma"`     // log-sd of the yearly village-specific price shock
	Abandonment      bool    `yaml:"abandonment"`       // land beyond the household's working capacity lies idle; if false all kept land is cultivated
	CapacityFarmer   float64 `yaml:"capacity_farmer"`   // mu one laborer who farms can cultivate
	CapacityLocal    float64 `yaml:"capacity_local"`    // mu a local wage worker cultivates beside the job
	CapacityElderly  float64 `yaml:"capacity_elderly"`  // mu an elderly member who is not disabled cultivates
	CapacityDisabled float64 `yaml:"capacity_disabled"` // mu a disabled member cultivates
}

// Land sets land transfer and modern agriculture (000, 003 §5.1, §5.5).
type Land struct {
	TransferIdle     float64 `yaml:"transfer_idle"`     // yearly share of idle land transferred out for rent
	ContractEnd      float64 `yaml:"contract_end"`      // yearly share of transferred land whose contract ends (1 / the mean term); it comes back if the household can farm it
	RentPerMu        float64 `yaml:"rent_per_mu"`       // rent per transferred mu per year, yuan
	ModernCoverage   float64 `yaml:"modern_coverage"`   // share of villages with a modern agricultural park
	ModernTransfer   float64 `yaml:"modern_transfer"`   // in park villages: added yearly share of idle land transferred (to the park)
	ModernYieldGain  float64 `yaml:"modern_yield_gain"` // in park villages: yield gain on land still farmed (technical services)
	ModernJobBoost   float64 `yaml:"modern_job_boost"`  // in park villages: added local job-finding probability
	SubsidyPerMu     float64 `yaml:"subsidy_per_mu"`    // fiscal subsidy per transferred mu per year, yuan
	ParkCostPerVilla float64 `yaml:"park_cost"`         // fiscal cost per park village per year, yuan
}

// Specialty sets local specialty industries and their homogenization (003 §4.2, 004).
type Specialty struct {
	Products       int     `yaml:"products"`       // distinct ordinary products in the county; the promoted specialty is one more
	Adoption       float64 `yaml:"adoption"`       // share of villages that switch to the promoted specialty, a product none of them sold before
	Premium        float64 `yaml:"premium"`        // yield-value premium of a specialty product over ordinary crops
	Homogenization float64 `yaml:"homogenization"` // price falls by this × (market share − 1/products)
	PriceFloor     float64 `yaml:"price_floor"`    // the homogenization factor never falls below this
	CostPerVillage float64 `yaml:"cost_per_village"`
}

// Ecommerce sets e-commerce logistics in villages (000, 003 §2).
type Ecommerce struct {
	Coverage       float64 `yaml:"coverage"`         // share of villages with e-commerce logistics access
	PricePremium   float64 `yaml:"price_premium"`    // farm-gate price premium from selling without intermediaries
	OlderFactor    float64 `yaml:"older_factor"`     // share of the premium a household without a laborer under young_age gets
	YoungAge       int     `yaml:"young_age"`        //
	JobBoost       float64 `yaml:"job_boost"`        // added local job-finding probability in covered villages
	CostPerVillage float64 `yaml:"cost_per_village"` // fiscal cost per covered village per year, yuan
}

// Health sets illness, medical costs and reimbursement (000 rural doctors).
// A household has at most one major illness event a year; its probability is
// base plus one increment per member at risk.
type Health struct {
	EventBase          float64 `yaml:"event_base"`           // yearly probability of a major illness event in any household
	EventChronic       float64 `yaml:"event_chronic"`        // added per chronically ill or disabled member
	EventElderly       float64 `yaml:"event_elderly"`        // added per elderly member
	CostMu             float64 `yaml:"cost_mu"`              // log median cost of an event, log yuan
	CostSigma          float64 `yaml:"cost_sigma"`           // log-sd of the cost of an event
	ChronicCost        float64 `yaml:"chronic_cost"`         // yearly cost of care per chronically ill or disabled member, yuan
	RoutineCost        float64 `yaml:"routine_cost"`         // mean yearly out-of-pocket spending on routine care (outpatient visits, drugs) per member, yuan; consumption, not subtracted from income
	RoutineSigma       float64 `yaml:"routine_sigma"`        // log-sd of a household's routine spending around its mean
	Reimbursement      float64 `yaml:"reimbursement"`        // share of medical costs reimbursed by insurance
	FormerlyPoorExtra  float64 `yaml:"formerly_poor_extra"`  // added reimbursement for formerly poor households (medical assistance of the transition period)
	WorkLoss           float64 `yaml:"work_loss"`            // share of a year's wage lost when the ill member is a laborer
	ChronicOnset       float64 `yaml:"chronic_onset"`        // yearly probability a healthy adult becomes chronically ill
	ElderlyOnsetFactor float64 `yaml:"elderly_onset_factor"` // onset multiplier for the elderly
	DisabilityOnset    float64 `yaml:"disability_onset"`     // yearly probability a chronically ill adult becomes disabled
	DoctorCoverage     float64 `yaml:"doctor_coverage"`      // share of villages with a standardized rural doctor
	DoctorCostCut      float64 `yaml:"doctor_cost_cut"`      // in covered villages: event and chronic costs fall by this share (early treatment)
	DoctorOnsetCut     float64 `yaml:"doctor_onset_cut"`     // in covered villages: chronic and disability onset fall by this share
	DoctorCost         float64 `yaml:"doctor_cost"`          // fiscal cost per covered village per year, yuan
}

// Disaster sets natural disasters (003 §3.2, 004).
type Disaster struct {
	Probability  float64 `yaml:"probability"`   // yearly probability of a disaster in a village of average exposure
	HighExposure float64 `yaml:"high_exposure"` // share of villages with high exposure
	ExposureHigh float64 `yaml:"exposure_high"` // probability multiplier for high-exposure villages
	ExposureLow  float64 `yaml:"exposure_low"`  // probability multiplier for the others
	CropLoss     float64 `yaml:"crop_loss"`     // mean share of the year's farm output destroyed (uniform on [0, 2×mean], capped at 1)
	HouseholdHit float64 `yaml:"household_hit"` // probability a household in a hit village suffers property damage
	DamageMu     float64 `yaml:"damage_mu"`     // log median property damage, log yuan
	DamageSigma  float64 `yaml:"damage_sigma"`  //
	Relief       float64 `yaml:"relief"`        // share of property damage paid back by disaster relief
}

// Transfer is one transfer program: Amount × Level is paid per unit.
// A scenario cuts or phases out a program by lowering Level in its timeline.
type Transfer struct {
	Amount           float64 `yaml:"amount"`             // yuan per unit per year
	Level            float64 `yaml:"level"`              // multiplier: 1 keeps the program, 0 cuts it
	FormerlyPoorOnly bool    `yaml:"formerly_poor_only"` // paid only to formerly poor households
}

// Transfers lists the transfer programs (002, 003 §3.2).
type Transfers struct {
	Subsidy    Transfer `yaml:"subsidy"`    // transition-period consolidation subsidy, per person
	Industrial Transfer `yaml:"industrial"` // industrial project dividends, per household
	Ecological Transfer `yaml:"ecological"` // ecological compensation, per contracted mu
	Pension    Transfer `yaml:"pension"`    // basic old-age pension, per elderly member
	Dibao      Dibao    `yaml:"dibao"`      // minimum living guarantee
	// Indexed: the amounts households are paid (the four programs above,
	// welfare post pay, monitoring cash and industry assistance) are in
	// Poverty.BaseYear yuan and grow with the line, like the dibao line;
	// false: nominal, constant.
	Indexed bool `yaml:"indexed"`
}

// Dibao is the means-tested minimum living guarantee: enrolled households
// whose per-capita income falls below the year's line — Line × Level grown
// at Growth, times ExtremeRatio for extreme-poverty support (tekun) of a
// household without labor capacity — receive the gap.
type Dibao struct {
	Line        float64 `yaml:"line"`          // dibao line in Poverty.BaseYear, yuan per person; it grows at Growth a year
	Level       float64 `yaml:"level"`         // multiplier on the line: 0 cuts the program
	Takeup      float64 `yaml:"takeup"`        // share of households that would be enrolled if eligible
	NoLaborOnly bool    `yaml:"no_labor_only"` // only households without an able laborer are eligible
	// ExtremeRatio is the line of extreme-poverty support (tekun), for a
	// household without labor capacity, as a multiple of the dibao line;
	// below 1 (0 included) it is the dibao line.
	ExtremeRatio float64 `yaml:"extreme_ratio"`
	// Growth is the yearly growth of the dibao line after
	// Poverty.BaseYear (the standards are raised by their own decisions,
	// faster than the poverty line).
	Growth float64 `yaml:"growth"`
	// CampaignFloor: formerly poor households without labor capacity are
	// enrolled whatever their take-up draw (the 2016–2020 campaign's
	// "social security as the floor").
	CampaignFloor bool `yaml:"campaign_floor"`
	// MarginalFloor: marginal households without labor capacity are
	// enrolled whatever their take-up draw, as the formerly poor are
	// with CampaignFloor (the 2020 push to cover the people of marginal
	// households who cannot work).
	MarginalFloor bool `yaml:"marginal_floor"`
	// ReviewMonths is the months between two reviews of the income of an
	// enrolled household with labor capacity, each assessing the income
	// since the last one and paying its own top-up until the next: with
	// income flowing evenly over the year, the first ReviewMonths of a
	// year are paid on last year's income, the rest on this year's. 12
	// pays the year on last year's income; 0 tops this year's up at once.
	ReviewMonths float64 `yaml:"review_months"`
	// ReviewMonthsNoLabor is the same for a household without labor
	// capacity.
	ReviewMonthsNoLabor float64 `yaml:"review_months_no_labor"`
}

// WelfarePosts are public welfare posts (002).
type WelfarePosts struct {
	PerHundred float64 `yaml:"per_hundred"` // posts per 100 households in a village
	Pay        float64 `yaml:"pay"`         // yearly pay of a post, yuan
	Term       int     `yaml:"term"`        // years a post is held before it is reassigned
	Targeting  string  `yaml:"targeting"`   // who gets a vacant post: "monitored", "poor" (poor last year), "any" or "registered" (formerly poor, monitored or pending)
	MaxAge     int     `yaml:"max_age"`     // oldest member who can hold a post
}

// Monitoring is the dynamic monitoring and assistance mechanism (002, 004).
type Monitoring struct {
	Enabled        bool       `yaml:"enabled"`
	LineRatio      float64    `yaml:"line_ratio"`      // monitoring line as a multiple of the poverty line
	Spread         float64    `yaml:"spread"`          // township lines are uniform on line × [1 − spread, 1 + spread] (inconsistent criteria, 002)
	ShockShare     float64    `yaml:"shock_share"`     // a household is also at risk when out-of-pocket medical and disaster costs exceed this share of its gross income (with the guarantee it receives; at least 1 yuan)
	Detection      float64    `yaml:"detection"`       // yearly probability that an at-risk household is identified (with persistence 1: the share of at-risk households ever taken up)
	Persistence    float64    `yaml:"persistence"`     // probability that the detection draw is the household's own, fixed for the replication, rather than the year's (0: a fresh draw each year)
	Lag            int        `yaml:"lag"`             // whole years from identification to the start of assistance (0: the same year)
	DelayMonths    float64    `yaml:"delay_months"`    // months from identification to support, within the year (T5: about half a month)
	StartStock     bool       `yaml:"start_stock"`     // the households at risk in the first year found by the 2020 identification are monitored from its start (T2)
	SocialSecurity bool       `yaml:"social_security"` // a monitored household is enrolled in dibao when eligible, assessed on this year's income (N1)
	MinYears       int        `yaml:"min_years"`       // years of monitoring before a household may exit
	StableMonths   float64    `yaml:"stable_months"`   // months of support in the year it was found before that year counts toward exit (N1: 6)
	ExitYears      int        `yaml:"exit_years"`      // consecutive years with projected per-capita income (after assistance and the guarantee) above exit_ratio × the township's monitoring line needed to exit
	ExitRatio      float64    `yaml:"exit_ratio"`      // exit threshold as a multiple of the monitoring line
	KeepNoLabor    bool       `yaml:"keep_no_labor"`   // households without labor capacity covered by the safety net (owed dibao or tekun this year) do not exit (N1)
	Targeting      float64    `yaml:"targeting"`       // probability that assistance matches the household's main risk; otherwise it is drawn from mix
	HealthRisk     float64    `yaml:"health_risk"`     // targeting: the main risk is health when the year's medical cost exceeds this share of gross income
	Mix            Assistance `yaml:"mix"`             // weights of the kinds of assistance when not targeted
	CashPerCapita  float64    `yaml:"cash_per_capita"`
	JobWageShare   float64    `yaml:"job_wage_share"` // employment assistance: a job at this share of the median local wage
	HealthExtra    float64    `yaml:"health_extra"`   // health assistance: added reimbursement
	IndustryPerMu  float64    `yaml:"industry_per_mu"`
	IndustryBase   float64    `yaml:"industry_base"` // industry assistance: fixed part per household
	AdminCost      float64    `yaml:"admin_cost"`    // fiscal cost per monitored household per year, yuan
}

// Assistance holds weights over the kinds of assistance.
type Assistance struct {
	Cash       float64 `yaml:"cash"`
	Employment float64 `yaml:"employment"`
	Health     float64 `yaml:"health"`
	Industry   float64 `yaml:"industry"`
}
