package analysis

import (
	"fmt"
	"io"
	"strings"
)

// typeTable writes, when the comparison has them (compare --by type), each
// household type's return-to-poverty rate at the horizon: the base's, each
// alternative's and its paired difference to the base. It writes nothing
// without them.
func typeTable(w io.Writer, c Comparison) error {
	base := c.Summaries[0].ByType
	if len(base) == 0 {
		return nil
	}
	h := len(c.Years) - 1
	fmt.Fprintf(w, "\nincome poverty (return rate) by household type in %d [95%% CI]; Δ = paired difference to %s; a household can be of several types\n", c.Years[h], c.Base)
	head := []string{"household type", c.Base}
	for _, d := range c.Diffs {
		head = append(head, d.Scenario, "Δ "+d.Scenario)
	}
	rows := [][]string{head}
	for i, se := range base {
		row := []string{strings.TrimPrefix(se.Outcome, "return_rate."), pctCI(se.Years[h])}
		for k, d := range c.Diffs {
			row = append(row, pctCI(c.Summaries[k+1].ByType[i].Years[h]), ppCIDec(d.Get(se.Key).Years[h], 2))
		}
		rows = append(rows, row)
	}
	return writeAligned(w, rows)
}
