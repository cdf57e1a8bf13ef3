package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/povsim/povsim/analysis"
)

// Numbers for people: a true minus sign, thousands separated by a thin
// space, intervals in parentheses.

const minus = "−"

// thousands formats x with dec decimals and thin-space thousand separators.
func thousands(x float64, dec int) string {
	s := strconv.FormatFloat(math.Abs(x), 'f', dec, 64)
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 && len(intPart) > 4 {
			b.WriteRune('\u202f')
		}
		b.WriteRune(r)
	}
	out := b.String() + frac
	if x < 0 && strings.Trim(out, "0.") != "" {
		out = minus + out
	}
	return out
}

// signed is thousands with an explicit sign.
func signed(x float64, dec int) string {
	s := thousands(x, dec)
	if !strings.HasPrefix(s, minus) && strings.Trim(s, "0.") != "" {
		s = "+" + s
	}
	return s
}

// pctText: 0.0623 → "6.2%".
func pctText(x float64) string { return thousands(100*x, 1) + "%" }

// pctDec: 0.00172 with 3 decimals → "0.172%".
func pctDec(x float64, dec int) string { return thousands(100*x, dec) + "%" }

// pctCIDec is pctCI with dec decimals: "0.172% (0.150–0.194)".
func pctCIDec(e analysis.Estimate, dec int) string {
	switch {
	case !e.Defined():
		return "—"
	case !e.HasInterval() || e.Lo == e.Hi:
		return pctDec(e.Mean, dec)
	}
	return fmt.Sprintf("%s (%s–%s)", pctDec(e.Mean, dec), thousands(100*e.Lo, dec), thousands(100*e.Hi, dec))
}

// ppCIDec is ppCI with dec decimals.
func ppCIDec(e analysis.Estimate, dec int) string {
	switch {
	case !e.Defined():
		return "—"
	case !e.HasInterval():
		return signed(100*e.Mean, dec)
	}
	return fmt.Sprintf("%s (%s to %s)", signed(100*e.Mean, dec), signed(100*e.Lo, dec), signed(100*e.Hi, dec))
}

// countCI1 is countCI to one decimal, for rare events averaged over
// replications.
func countCI1(e analysis.Estimate) string {
	switch {
	case !e.Defined():
		return "—"
	case !e.HasInterval():
		return thousands(e.Mean, 1)
	}
	return fmt.Sprintf("%s (%s to %s)", thousands(e.Mean, 1), thousands(e.Lo, 1), thousands(e.Hi, 1))
}

// pctCI: "6.2% (4.9–7.5)".
func pctCI(e analysis.Estimate) string { return pctCIDec(e, 1) }

// ppCI: a difference of shares in percentage points, "+2.8 (+1.9 to +3.6)".
func ppCI(e analysis.Estimate) string { return ppCIDec(e, 2) }

// countCI: "44 (31 to 57)".
func countCI(e analysis.Estimate) string {
	switch {
	case !e.Defined():
		return "—"
	case !e.HasInterval():
		return thousands(e.Mean, 0)
	}
	return fmt.Sprintf("%s (%s to %s)", thousands(e.Mean, 0), thousands(e.Lo, 0), thousands(e.Hi, 0))
}

// millionCI: yuan as million yuan, "23.70 (22.98 to 24.43)".
func millionCI(e analysis.Estimate) string {
	switch {
	case !e.Defined():
		return "—"
	case !e.HasInterval():
		return thousands(e.Mean/1e6, 2)
	}
	return fmt.Sprintf("%s (%s to %s)", thousands(e.Mean/1e6, 2), thousands(e.Lo/1e6, 2), thousands(e.Hi/1e6, 2))
}

// yearsCI: a duration in years, "1.65 (1.64 to 1.66)".
func yearsCI(e analysis.Estimate) string {
	switch {
	case !e.Defined():
		return "—"
	case !e.HasInterval():
		return thousands(e.Mean, 2)
	}
	return fmt.Sprintf("%s (%s to %s)", thousands(e.Mean, 2), thousands(e.Lo, 2), thousands(e.Hi, 2))
}

// excludesZero reports whether an estimate's interval lies on one side of
// zero: +1 above, −1 below, 0 if it holds zero or there is none.
func excludesZero(e analysis.Estimate) int {
	switch {
	case !e.HasInterval():
		return 0
	case e.Lo > 0:
		return 1
	case e.Hi < 0:
		return -1
	}
	return 0
}
