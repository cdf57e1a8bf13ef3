package sim

// transfersYear is what step 10 reads of a year: each program's amount
// per unit this year, amount · level (× g_z with transfers.indexed), 0 when
// it pays nothing.
type transfersYear struct {
	subsidy, industrial, ecological, pension float64
	fpExtra                                  float64 // the reimbursement share added for formerly poor households
}

func newTransfersYear(p *Params, payIndex float64) transfersYear {
	tr, hp := &p.Transfers, &p.Health
	return transfersYear{
		subsidy:    tr.Subsidy.Amount * tr.Subsidy.Level * payIndex,
		industrial: tr.Industrial.Amount * tr.Industrial.Level * payIndex,
		ecological: tr.Ecological.Amount * tr.Ecological.Level * payIndex,
		pension:    tr.Pension.Amount * tr.Pension.Level * payIndex,
		fpExtra:    min(1-hp.Reimbursement, hp.FormerlyPoorExtra),
	}
}

// transfers is step 10 (docs/MODEL.md §4, step 10): the four transfer
// programs pay the household, each per its unit (a member, the household,
// a mu of contracted land, an elder), if the program pays this year and
// reaches the household (formerly poor households only, unless
// formerly_poor_only is false); medical insurance reimburses a share of the
// medical bill, and medical assistance a further share to the formerly
// poor.
func transfers(y *householdYear, c *yearConst) {
	h, tr, t, ys := y.h, &c.p.Transfers, &c.transfers, c.ys
	fp := h.Flags&flagFormerlyPoor != 0
	pays := func(amount float64, prog *Transfer) bool { return amount > 0 && (fp || !prog.FormerlyPoorOnly) }
	paid := 0.0
	if pays(t.subsidy, &tr.Subsidy) {
		v := t.subsidy * y.size
		paid += v
		ys.Cost[CostSubsidy] += v
	}
	if pays(t.industrial, &tr.Industrial) {
		v := t.industrial
		paid += v
		ys.Cost[CostIndustrial] += v
	}
	if pays(t.ecological, &tr.Ecological) {
		v := t.ecological * float64(h.Land)
		paid += v
		ys.Cost[CostEcological] += v
	}
	if pays(t.pension, &tr.Pension) {
		v := t.pension * float64(h.nElderly())
		paid += v
		ys.Cost[CostPension] += v
	}
	y.inc[IncTransfers] = paid

	insured := c.p.Health.Reimbursement * y.medical
	extra := 0.0
	if fp {
		extra = t.fpExtra * y.medical
	}
	y.inc[IncMedical] = -y.medical
	y.inc[IncReimbursement] = insured + extra
	ys.Cost[CostMedicalInsurance] += insured
	ys.Cost[CostMedicalAssistance] += extra
}
