package analysis

import (
	"fmt"

	"github.com/povsim/povsim/sim"
)

// Measure is one of the two measures of return to poverty (docs/MODEL.md
// §6), as people choose one on a command line (--precision-outcome). The
// zero value is the headline, the registered return.
type Measure uint8

const (
	MeasureRegistered Measure = iota // registered returns: what the monitoring system counts (the headline)
	MeasurePoverty                   // income poverty: income below the line, as a survey sees it
	numMeasures
)

var measures = [numMeasures]struct{ name, words string }{
	MeasureRegistered: {"registered", "registered returns"},
	MeasurePoverty:    {"poverty", "income poverty"},
}

// String is the measure's name on a command line: "registered" or "poverty".
func (m Measure) String() string {
	if m < numMeasures {
		return measures[m].name
	}
	return fmt.Sprintf("measure(%d)", uint8(m))
}

// Words names the measure for people: "registered returns", "income poverty".
func (m Measure) Words() string {
	if m < numMeasures {
		return measures[m].words
	}
	return m.String()
}

// Outcome is the measure's yearly outcome: RegisteredReturn or ReturnRate.
func (m Measure) Outcome() OutcomeKey {
	if m == MeasurePoverty {
		return ReturnRate
	}
	return RegisteredReturn
}

// ParseMeasure reads a measure's name; an unknown one gives an error that
// quotes it and lists the names.
func ParseMeasure(s string) (Measure, error) {
	for m := Measure(0); m < numMeasures; m++ {
		if s == m.String() {
			return m, nil
		}
	}
	return 0, fmt.Errorf("got %q, want %s (%s, the headline) or %s (%s)", s,
		MeasureRegistered, MeasureRegistered.Words(), MeasurePoverty, MeasurePoverty.Words())
}

// MarshalText writes the measure's name.
func (m Measure) MarshalText() ([]byte, error) {
	if m >= numMeasures {
		return nil, fmt.Errorf("no measure %d", uint8(m))
	}
	return []byte(m.String()), nil
}

// UnmarshalText reads a measure's name (see ParseMeasure).
func (m *Measure) UnmarshalText(b []byte) error {
	v, err := ParseMeasure(string(b))
	if err == nil {
		*m = v
	}
	return err
}

// HorizonDiffs are the paired differences of measure m at the horizon,
// each alternative (res[1:]) against the base (res[0]), replication r of
// each on the same draws: what a precision target is held to.
func HorizonDiffs(res [][]sim.Result, m Measure) []Estimate {
	var out []Estimate
	for k := 1; k < len(res); k++ {
		se := PairedSeries(m.Outcome(), res[0], res[k])
		out = append(out, se.Years[len(se.Years)-1])
	}
	return out
}
