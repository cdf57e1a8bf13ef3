package sim

import "math/bits"

// rolesYear is what demography reads of a year: the age at which a member
// of each role takes the next one.
type rolesYear struct {
	nextAge [4]int // by Role: the age at which a member takes the next role (256: never)
}

func newRolesYear(dm *Demography) rolesYear {
	return rolesYear{nextAge: [4]int{Child: dm.AdultAge, Laborer: dm.RetireAge, Elderly: 256, 3: 256}}
}

// demography is step 1 (docs/MODEL.md §4, step 1): the elderly die,
// everyone ages, a child of age comes of age and a laborer of the
// retirement age retires. It reports false if no member is left: the
// household is dissolved. Draw 5m+k of the demography stream belongs to
// member slot m: k = 0 death, 1–2 mode, 3 first job, 4 skill of a child
// coming of age.
func demography(y *householdYear, c *yearConst) bool {
	h := y.h
	s := seedOf(y.key, purposeDemography)
	var dead uint // the elderly who die
	for em := uint(h.elderly); em != 0; em &= em - 1 {
		m := bits.TrailingZeros(em)
		if drawAt(s, 5*m) < c.p.Demography.ElderlyMortality {
			dead |= 1 << m
		}
	}
	// Everyone ages, by the year counted in c.aged (ageOf). The first
	// member to reach the age of its next role is the oldest child or the
	// oldest laborer (the census keeps their start ages): most years no
	// member is looked at.
	next := &c.roles.nextAge
	if c.aged >= min(next[Child]-int(h.oldest[Child]), next[Laborer]-int(h.oldest[Laborer])) {
		for m := range h.Members[:h.Size] {
			if mb := &h.Members[m]; ageOf(mb, c.aged) >= next[mb.Role&3] { // never for the elderly, the dead among them
				newRole(h, m, s, c, y.vg)
			}
		}
	}
	if dead == 0 {
		return true
	}
	y.ev |= EvDeath
	return bury(h, dead, c.ys)
}

// ageOf is the age of a member of a household whose members have aged
// aged years (yearConst.aged): its start age plus aged, at most 255.
func ageOf(mb *Member, aged int) int { return min(int(mb.StartAge)+aged, 255) }

// bury removes the members of the mask dead, who died this year, and
// reports false if the household has no members left.
func bury(h *household, dead uint, ys *YearStats) bool {
	ys.Deaths += bits.OnesCount(dead)
	n, w := int(h.Size), 0
	for m := 0; m < n; m++ {
		if dead&(1<<m) != 0 {
			continue
		}
		h.Members[w], h.memberFlags[w] = h.Members[m], h.memberFlags[m]
		w++
	}
	for m := w; m < n; m++ {
		h.Members[m], h.memberFlags[m] = Member{}, 0
	}
	h.Size = uint8(w)
	if w == 0 {
		h.Flags |= flagDissolved
		ys.Dissolved++
		return false
	}
	h.takeCensus()
	return true
}

// newRole moves member m on to its next role: a child comes of age (its
// first job drawn from the chain it faces this year in the household's
// village vg), a laborer retires; and retakes the census. s is the
// household's demography stream.
func newRole(h *household, m int, s uint64, c *yearConst, vg *village) {
	p := c.p
	mb := &h.Members[m]
	switch mb.Role {
	case Child:
		mb.Role = Laborer
		mb.Skill = float32(p.Population.SkillMax * drawAt(s, 5*m+4))
		assignMode(h, m, ageOf(mb, c.aged), drawAt(s, 5*m+1), drawAt(s, 5*m+2), drawAt(s, 5*m+3), p, &vg.find, &c.work.loss)
	case Laborer:
		mb.Role = Elderly
		mb.Mode = ModeNone
		h.memberFlags[m] &^= memberEmployed | memberReturnee
	}
	h.takeCensus()
}
