package sim

// Cause is why a household is at risk or back in poverty in a year, by
// the rule of docs/MODEL.md §4, step 11 ("Causes"): the shock of the year
// that cost the household most, in yuan, or, with no shock, what keeps its
// income low.
type Cause uint8

const (
	CauseIllness     Cause = iota // out-of-pocket medical costs: a major illness, chronic care
	CauseDisability               // a laborer became disabled this year: the wage it can no longer earn
	CauseJobLoss                  // a laborer lost its wage job this year: the wage lost
	CauseDisaster                 // property damage net of relief, and crops lost
	CausePrice                    // farm income lost to a farm-gate price below its trend
	CauseTransferCut              // transfers paying less than in the year before the first (Config.Before)
	CauseNoLabor                  // no shock: the household has no labor capacity
	CauseLowIncome                // no shock: low earnings
	NumCauses
)

var causeNames = [NumCauses]string{"illness", "disability", "job_loss", "disaster", "price", "transfer_cut", "no_labor", "low_income"}

func (c Cause) String() string { return causeNames[c] }

// numShocks is the number of causes that are shocks with a cost in yuan:
// those before CauseNoLabor.
const numShocks = int(CauseNoLabor)

// Category is the kind of a newly monitored household (N1): formerly
// poor and unstable, marginal, or in sudden severe hardship.
type Category uint8

const (
	CategoryUnstable Category = iota // formerly poor, its income under the monitoring line
	CategoryMarginal                 // never registered poor, its income under the monitoring line
	CategoryHardship                 // income above the line, but a spending shock above monitoring.shock_share of it
	NumCategories
)

var categoryNames = [NumCategories]string{"unstable", "marginal", "hardship"}

func (c Category) String() string { return categoryNames[c] }

// cause is the household-year's cause by the rule: the largest of its
// shocks' costs (y.loss, yuan), the first in Cause order on a tie; with
// no shock, no labor capacity or low income.
func cause(y *householdYear) Cause {
	best, c := 0.0, CauseLowIncome
	for k, v := range y.loss {
		if v > best {
			best, c = v, Cause(k)
		}
	}
	if best == 0 && y.h.able == 0 {
		c = CauseNoLabor
	}
	return c
}
