package sim

import (
	"encoding/binary"
	"math/bits"
)

// Who may receive a vacant welfare post (welfare_posts.targeting).
const (
	postsMonitored  uint8 = iota // monitored or pending households
	postsPoor                    // households poor last year
	postsAny                     // every household
	postsRegistered              // formerly poor households, and monitored or pending ones
)

// postTargetings are welfare_posts.targeting's names, by the constants
// above.
var postTargetings = [...]string{postsMonitored: "monitored", postsPoor: "poor", postsAny: "any", postsRegistered: "registered"}

// postTargeting is welfare_posts.targeting as one of the constants above,
// and whether it names one (Params.Validate refuses the others).
func postTargeting(targeting string) (uint8, bool) {
	for k, name := range postTargetings {
		if name == targeting {
			return uint8(k), true
		}
	}
	return postsAny, false
}

// welfarePost is step 6 (docs/MODEL.md §4, step 6): a post is released at
// the end of its term, past the age limit or when its holder has become
// disabled; a household without one may fill a vacancy of its village. A
// post released goes to another household, not straight back. The holder
// is paid welfare_posts.pay and counts as employed. A post filled in the
// first year is one held at the start (heldBefore).
func welfarePost(y *householdYear, c *yearConst) {
	h, vg, p := y.h, y.vg, c.p
	post := postHolder(h)
	if post >= 0 {
		if hm := &h.Members[post]; int(h.PostYears) >= p.Posts.Term || ageOf(hm, c.aged) > p.Posts.MaxAge || hm.Health == Disabled {
			h.memberFlags[post] &^= memberPost
			post = -1
			vg.vacant++
		}
	} else if vg.vacant > 0 && postEligible(h, c.postTargeting) {
		if post = postCandidate(h, p, c.aged); post >= 0 {
			h.memberFlags[post] = h.memberFlags[post]&^memberEmployed | memberPost
			h.PostYears = 0
			if c.year == c.p.StartYear {
				h.PostYears = heldBefore(y, p.Posts.Term)
			}
			vg.vacant--
			y.ev |= EvPost
		}
	}
	if post < 0 {
		return
	}
	vg.held++
	h.PostYears++
	pay := p.Posts.Pay * c.payIndex
	y.inc[IncPosts] = pay
	c.ys.Cost[CostPosts] += pay
	y.employed++
}

// heldBefore is the years a post filled in the first year had been held
// before it: the posts of the start were taken up over the terms before
// it, so each is drawn uniform on 0, 1, …, term − 1 (draw 0 of the
// household-year's posts stream), and about one in term ends each year
// rather than all at once.
func heldBefore(y *householdYear, term int) uint8 {
	return uint8(float64(term) * drawAt(seedOf(y.key, purposePosts), 0))
}

// postHolder is the member holding the household's post, or −1.
func postHolder(h *household) int {
	pf := memberFlagBits(h) & (0x0101010101010101 * uint64(memberPost))
	if pf == 0 {
		return -1
	}
	return (63 - bits.LeadingZeros64(pf)) >> 3 // the last member holding one
}

// postEligible reports whether a household may receive a vacant post
// under welfare_posts.targeting.
func postEligible(h *household, targeting uint8) bool {
	switch targeting {
	case postsMonitored:
		return h.Flags&(flagMonitored|flagPending) != 0
	case postsPoor:
		return h.Flags&flagPoor != 0
	case postsRegistered:
		return h.Flags&(flagFormerlyPoor|flagMonitored|flagPending) != 0
	}
	return true
}

// postCandidate picks the member who takes a post: a laborer at home without
// a wage job, else an elderly member able to work, else nobody (−1).
func postCandidate(h *household, p *Params, aged int) int {
	for m := 0; m < int(h.Size); m++ {
		mb := &h.Members[m]
		if mb.Role == Laborer && mb.Health != Disabled && mb.Mode != ModeMigrant && h.memberFlags[m]&memberEmployed == 0 {
			return m
		}
	}
	for m := 0; m < int(h.Size); m++ {
		mb := &h.Members[m]
		if mb.Role == Elderly && mb.Health != Disabled && ageOf(mb, aged) <= p.Posts.MaxAge {
			return m
		}
	}
	return -1
}

// memberFlagBits is the household's memberFlags as one word, member m in
// byte m. The slots past its members have none: a slot is cleared when its
// member leaves (demography) and set only for members.
func memberFlagBits(h *household) uint64 {
	return binary.LittleEndian.Uint64(h.memberFlags[:])
}
