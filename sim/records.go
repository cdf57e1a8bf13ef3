package sim

import "fmt"

// HouseholdRecord is one household of a county's own records. A Config
// with records simulates those households instead of drawing a synthetic
// population; what the records do not say (ages, skills, who is ill) is
// drawn as for the synthetic population.
type HouseholdRecord struct {
	ID           string
	Village      int // village index, 0 … villages−1
	Township     int // township index
	FormerlyPoor bool
	Laborers     int // working-age members
	Elderly      int
	Children     int
	Chronic      int // adults (laborers or elderly) chronically ill
	Disabled     int // adults disabled
	Migrants     int // laborers working away
	Employed     int // laborers with a wage job (migrants first)
	Land         float64
	Transferred  float64
}

// Size is the number of members.
func (h *HouseholdRecord) Size() int { return h.Laborers + h.Elderly + h.Children }

// Check returns what is inconsistent in a record, as (column, value, want)
// triples, or nil.
func (h *HouseholdRecord) Check() [][3]string {
	var out [][3]string
	bad := func(col string, v any, want string) { out = append(out, [3]string{col, fmt.Sprint(v), want}) }
	for _, c := range []struct {
		col string
		v   int
	}{{"laborers", h.Laborers}, {"elderly", h.Elderly}, {"children", h.Children},
		{"chronic", h.Chronic}, {"disabled", h.Disabled}, {"migrants", h.Migrants}, {"employed", h.Employed}} {
		if c.v < 0 {
			bad(c.col, c.v, "a count ≥ 0")
		}
	}
	if s := h.Size(); s < 1 || s > MaxMembers {
		bad("laborers+elderly+children", s, fmt.Sprintf("between 1 and %d members", MaxMembers))
	}
	adults := h.Laborers + h.Elderly
	if h.Chronic+h.Disabled > adults {
		bad("chronic+disabled", h.Chronic+h.Disabled, fmt.Sprintf("at most the %d adults (laborers + elderly)", adults))
	}
	able := h.Laborers - min(h.Disabled, h.Laborers)
	if h.Migrants > able {
		bad("migrants", h.Migrants, fmt.Sprintf("at most the %d laborers who are not disabled", able))
	}
	if h.Employed > able {
		bad("employed", h.Employed, fmt.Sprintf("at most the %d laborers who are not disabled", able))
	}
	if !(h.Land >= 0) || h.Land > 1e6 {
		bad("land_mu", h.Land, "an area ≥ 0 mu")
	}
	if !(h.Transferred >= 0) || h.Transferred > h.Land {
		bad("transferred_mu", h.Transferred, "an area between 0 and land_mu")
	}
	return out
}

// populateRecords sets up households from records. Member slots follow the
// record: laborers first (disabled first, then migrants, then the others),
// then the elderly, then the children.
func (r *Runner) populateRecords(rk uint64, recs []HouseholdRecord) {
	p := &r.m.before // the population as it stood in 2020
	pop := &p.Population
	d := r.d
	for i := range r.hh {
		rec := &recs[i]
		h := &r.hh[i]
		*h = household{Village: int32(rec.Village), Land: float32(rec.Land), Transferred: float32(rec.Transferred), Since: 1}
		if rec.FormerlyPoor {
			h.Flags |= flagFormerlyPoor
		}
		d.seed(entityYearKey(rk, entityHousehold|uint64(i), 0), purposeInit)
		h.dibaoU = float32(d.Float64())
		size := rec.Size()
		h.Size = uint8(size)
		disabled, chronic := rec.Disabled, rec.Chronic
		migrants, employed := rec.Migrants, rec.Employed
		for m := 0; m < size; m++ {
			uAge, uSkill, uMode := d.Float64(), d.Float64(), d.Float64()
			mb := &h.Members[m]
			switch {
			case m < rec.Laborers:
				mb.Role = Laborer
				mb.StartAge = uint8(pop.LaborerAgeMin + int(uAge*float64(pop.LaborerAgeMax-pop.LaborerAgeMin+1)))
				mb.Skill = float32(pop.SkillMax * uSkill)
			case m < rec.Laborers+rec.Elderly:
				mb.Role = Elderly
				mb.StartAge = uint8(p.Demography.RetireAge + int(uAge*float64(pop.ElderlyAgeSpan)))
			default:
				mb.Role = Child
				mb.StartAge = uint8(uAge * float64(p.Demography.AdultAge))
			}
			if mb.Role == Child {
				continue
			}
			switch {
			case disabled > 0:
				mb.Health, disabled = Disabled, disabled-1
			case chronic > 0:
				mb.Health, chronic = Chronic, chronic-1
			}
			if mb.Role != Laborer || mb.Health == Disabled {
				continue
			}
			switch {
			case migrants > 0:
				mb.Mode, migrants = ModeMigrant, migrants-1
			case uMode < pop.LocalShare || employed > 0:
				mb.Mode = ModeLocal
			default:
				mb.Mode = ModeFarm
			}
			if employed > 0 && mb.Mode != ModeFarm {
				h.memberFlags[m] |= memberEmployed
				employed--
			}
		}
	}
}
