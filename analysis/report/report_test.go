package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
)

// Every chart and table the report must hold, by element id.
var (
	wantFigures = []string{"fig-registered", "fig-rates", "fig-difference", "fig-cost-effect", "fig-types", "fig-survival", "fig-hazard", "fig-exit"}
	wantTables  = []string{"tab-causes", "tab-scenarios", "tab-registered", "tab-rates", "tab-horizon", "tab-horizon-income", "tab-costs", "tab-types", "tab-spells",
		"tab-survival", "tab-hazards", "tab-types-survival", "tab-validation"}
	wantSection = []string{"answer", "causes", "validation", "charts", "scenarios", "tables", "method", "provenance"}
)

func writeReport(t *testing.T, in *Input) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, in); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReportComplete(t *testing.T) {
	in := fixtureInput(t)
	html := writeReport(t, in)
	doc := checkHTML(t, html)

	for _, id := range append(append(append([]string(nil), wantFigures...), wantTables...), wantSection...) {
		if doc.ids[id] == nil {
			t.Errorf("no element with id %q", id)
		}
	}
	for _, id := range wantFigures {
		el := doc.ids[id]
		if el == nil {
			continue
		}
		if el.name != "figure" || el.count("svg") != 2 || el.count("figcaption") != 1 {
			t.Errorf("%s: <%s> with %d svg and %d figcaption, want <figure> with 2 (wide, narrow) and 1",
				id, el.name, el.count("svg"), el.count("figcaption"))
		}
	}
	for _, id := range wantTables {
		el := doc.ids[id]
		if el == nil {
			continue
		}
		if el.name != "table" || el.count("tr") < 2 || el.count("caption") != 1 {
			t.Errorf("%s: <%s> with %d rows and %d captions, want a captioned <table> with rows", id, el.name, el.count("tr"), el.count("caption"))
		}
	}
	// The scenarios and their differences: one diff table per alternative,
	// naming the parameters that differ.
	if n := bytes.Count(html, []byte(`class="difftable"`)); n != 2 {
		t.Errorf("%d diff tables, want 2", n)
	}
	text := doc.text.String()
	for _, s := range []string{
		"transfers.subsidy.level", "transfers.industrial.level", "from 2026", // cut-subsidy
		"ecommerce.coverage", "from 2028", // ecommerce-rollout's timeline
		// Headline numbers with intervals.
		"registered back in poverty in 2030", "95% interval", "Income poverty:", "Kept out of poverty in 2030", "Returns avoided by 2030",
		"Extra cost, 2021–2030", "Cost per registered return avoided", "Cost per return avoided (income poverty)", "Never returned by 2030",
		"Difference to base, registered (points)", "Difference to base, income poverty (points)",
		// Why households fall back: the rule, the words and the table.
		"Why households fall back", causeRule, "lead the", "registered returns", "returns by income", "all causes",
		// Method, provenance.
		"common random numbers", "Kaplan–Meier", "Monte Carlo error",
		"povsim report baseline cut-subsidy ecommerce-rollout --out r.html", "go1.test",
		"fingerprint " + analysis.ModelFingerprint(), "Revision",
		"Resolved scenario", "welfare_posts:", // the resolved YAML
		"Question", DefaultQuestion(in.Comparison),
	} {
		if !strings.Contains(text, s) {
			t.Errorf("the report does not say %q", s)
		}
	}
	if n := doc.ids["method"].count("p"); n != 2 {
		t.Errorf("method in %d paragraphs, want 2", n)
	}
	if n := doc.ids["provenance"].count("details"); n != len(fixtureNames) {
		t.Errorf("%d resolved scenarios in <details>, want %d", n, len(fixtureNames))
	}
	if n := doc.ids["answer"].count("article"); n != len(fixtureNames) {
		t.Errorf("%d headline cards, want %d", n, len(fixtureNames))
	}
	if bytes.Contains(html, []byte("Not shown")) {
		t.Errorf("a chart is missing from the full report")
	}
	// Print and phone: a print style sheet and a responsive layout.
	for _, s := range []string{"@media print", "@page", "@media (max-width:", `name="viewport"`, "beforeprint"} {
		if !bytes.Contains(html, []byte(s)) {
			t.Errorf("no %q in the report", s)
		}
	}
}

// The report is one file that references nothing outside itself.
func TestReportSelfContained(t *testing.T) {
	html := writeReport(t, fixtureInput(t))
	checkSelfContained(t, html)
}

func checkSelfContained(t *testing.T, html []byte) {
	t.Helper()
	// The SVG namespace names are identifiers, never fetched.
	s := string(html)
	for _, ns := range []string{`xmlns="http://www.w3.org/2000/svg"`, `xmlns:xlink="http://www.w3.org/1999/xlink"`} {
		s = strings.ReplaceAll(s, ns, "")
	}
	for _, bad := range []string{"http:", "https:", "ftp:", "file:", "//fonts.", "@import", "<link", "<iframe", "<object", "<embed", "<img", " src=", "url("} {
		if i := strings.Index(strings.ToLower(s), bad); i >= 0 {
			t.Errorf("the report references something outside itself: %q near %q", bad, s[max(0, i-40):min(len(s), i+60)])
		}
	}
	for _, m := range regexp.MustCompile(`(?i)\b(?:href|xlink:href)="([^"]*)"`).FindAllStringSubmatch(s, -1) {
		if !strings.HasPrefix(m[1], "#") {
			t.Errorf("link to %q: want only links within the page", m[1])
		}
	}
}

// fixtureDir writes the fixture's comparison to a folder as compare --out
// does, and returns the fixture and the folder.
func fixtureDir(t *testing.T) (*Input, string) {
	t.Helper()
	in := fixtureInput(t)
	dir := t.TempDir()
	prov := *in.Provenance
	if err := analysis.WriteComparison(dir, &prov, nil, in.Comparison, in.Spells); err != nil {
		t.Fatal(err)
	}
	return in, dir
}

// A report from a folder written by `povsim compare --out DIR` (and
// analysis.WriteComparison) holds the same charts and tables.
func TestReportFromDir(t *testing.T) {
	in, dir := fixtureDir(t)
	back, err := FromDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if back.Households != fixtureHouseholds || len(back.Spells) != 3 || len(back.Scenarios) != 3 || back.Comparison.Reps != fixtureReps {
		t.Fatalf("read back %d households, %d spells, %d scenarios, %d replications", back.Households, len(back.Spells), len(back.Scenarios), back.Comparison.Reps)
	}
	back.Generated = in.Generated
	back.Provenance.End = in.Provenance.End
	back.Provenance.Reproduce = in.Provenance.Reproduce
	if back.Validation != nil {
		t.Error("a wall read from a folder that holds none")
	}
	back.Validation = in.Validation // a compare folder holds no wall: the section says so (TestReportValidation)
	a, b := writeReport(t, in), writeReport(t, back)
	if !bytes.Equal(a, b) {
		i := 0
		for i < min(len(a), len(b)) && a[i] == b[i] {
			i++
		}
		t.Errorf("the report from the folder differs from the report of the results near byte %d:\n%q\n%q",
			i, a[max(0, i-80):min(len(a), i+80)], b[max(0, i-80):min(len(b), i+80)])
	}

	// Without spells.json the spell charts and tables are left out, and
	// the report says so.
	if err := os.Remove(filepath.Join(dir, analysis.SpellsFile)); err != nil {
		t.Fatal(err)
	}
	back, err = FromDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	html := writeReport(t, back)
	doc := checkHTML(t, html)
	for _, id := range []string{"fig-survival", "fig-hazard", "fig-exit", "tab-spells"} {
		if doc.ids[id] != nil {
			t.Errorf("%s present without spells", id)
		}
	}
	if !bytes.Contains(html, []byte("Not shown")) || !bytes.Contains(html, []byte(analysis.SpellsFile)) {
		t.Errorf("the report does not say that the spells are missing")
	}

	if _, err := FromDir(t.TempDir()); err == nil || !strings.Contains(err.Error(), "not a povsim output folder") {
		t.Errorf("FromDir of an empty folder: %v", err)
	}
	// A calibrate --out folder: a provenance.json of another kind, and
	// no results; the error says what is missing, not the keys it has.
	cal := t.TempDir()
	if err := os.WriteFile(filepath.Join(cal, "provenance.json"), []byte(`{"model_fingerprint": "x", "evaluations": 3}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := FromDir(cal); err == nil || !strings.Contains(err.Error(), "neither comparison.json nor summary.json") || strings.Contains(err.Error(), "evaluations") {
		t.Errorf("FromDir of a calibrate folder: %v", err)
	}
}

// A single scenario (a `povsim run --out DIR` folder) makes a report with
// no comparison.
func TestReportSingleScenario(t *testing.T) {
	in := fixtureInput(t)
	dir := t.TempDir()
	prov := *in.Provenance
	prov.Scenarios = in.Scenarios[:1]
	if err := analysis.WriteRun(dir, &prov, nil, in.Comparison.Summaries[0]); err != nil {
		t.Fatal(err)
	}
	one, err := FromDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(one.Comparison.Summaries) != 1 || len(one.Comparison.Diffs) != 0 {
		t.Fatalf("%d summaries, %d diffs", len(one.Comparison.Summaries), len(one.Comparison.Diffs))
	}
	html := writeReport(t, one)
	doc := checkHTML(t, html)
	checkSelfContained(t, html)
	for _, id := range []string{"fig-rates", "fig-types", "tab-rates", "tab-costs"} {
		if doc.ids[id] == nil {
			t.Errorf("no %s", id)
		}
	}
	for _, id := range []string{"fig-difference", "fig-cost-effect", "tab-horizon"} {
		if doc.ids[id] != nil {
			t.Errorf("%s in a report of one scenario", id)
		}
	}
	if !strings.Contains(doc.text.String(), "Return to poverty under baseline") {
		t.Errorf("title of a single-scenario report")
	}
}

func TestConfigDiff(t *testing.T) {
	in := fixtureInput(t)
	base, cut, ecom := in.Scenarios[0], in.Scenarios[1], in.Scenarios[2]
	got, err := ConfigDiff(base, cut)
	if err != nil {
		t.Fatal(err)
	}
	want := []Change{
		{Path: "transfers.subsidy.level", Years: "from 2026", Base: "1", Alt: "0"},
		{Path: "transfers.industrial.level", Years: "from 2026", Base: "1", Alt: "0"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("cut-subsidy against baseline:\n got %v\nwant %v", got, want)
	}
	got, err = ConfigDiff(base, ecom)
	if err != nil {
		t.Fatal(err)
	}
	var years []string
	for _, c := range got {
		if c.Path != "ecommerce.coverage" {
			t.Errorf("unexpected change %v", c)
		}
		years = append(years, c.Years)
	}
	if fmt.Sprint(years) != "[2025 2026 2027 from 2028]" {
		t.Errorf("ecommerce.coverage changes in %v", years)
	}
	if got, _ := ConfigDiff(base, base); len(got) != 0 {
		t.Errorf("a scenario differs from itself: %v", got)
	}
	// A starting parameter of a file that extends nothing differs in all
	// years and in the year before (the population is drawn on it); a bool
	// reads on/off.
	alt := base
	alt.Name = "alt"
	alt.Resolved = strings.Replace(strings.Replace(base.Resolved, "households: 1500", "households: 2000", 1),
		"    enabled: true\n", "    enabled: false\n", 1)
	got, err = ConfigDiff(base, alt)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != (Change{"population.households", "2020 (the year before) and 2021–2030", "1500", "2000", true}) ||
		got[1].Years != "2020 (the year before) and 2021–2030" || got[1].Base != "on" || got[1].Alt != "off" || !got[1].YearBefore {
		t.Errorf("changes %v", got)
	}
}

// Two scenarios that differ only in the year before the first (before:)
// differ in that year alone; the same before: on both sides is no
// difference; a scenario that extends another and changes a starting
// parameter keeps the year before as it was (the before: it inherits), so
// the change covers the simulated years only.
func TestConfigDiffYearBefore(t *testing.T) {
	base := fixtureInput(t).Scenarios[0]
	before := base
	before.Name = "before"
	before.Resolved = base.Resolved + "before:\n  transfers.subsidy.level: 0.5\n"
	got, err := ConfigDiff(base, before)
	if err != nil {
		t.Fatal(err)
	}
	want := []Change{{Path: "transfers.subsidy.level", Years: "2020, the year before the first", Base: "1", Alt: "0.5", YearBefore: true}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("before: only\n got %v\nwant %v", got, want)
	}
	if got, err := ConfigDiff(before, before); err != nil || len(got) != 0 {
		t.Errorf("the same before: on both sides: %v, %v", got, err)
	}
	sc, err := scenarios.Parse("raise", []byte("name: raise\nextends: baseline\npopulation: {households: 1500}\ntransfers: {subsidy: {level: 0.5}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if sc.Config.Before["transfers.subsidy.level"] != 1.0 {
		t.Fatalf("raise does not inherit the year before's subsidy: %v", sc.Config.Before)
	}
	y, err := sc.YAML()
	if err != nil {
		t.Fatal(err)
	}
	got, err = ConfigDiff(base, analysis.ScenarioRecord{Name: "raise", Resolved: string(y)})
	if err != nil {
		t.Fatal(err)
	}
	want = []Change{{Path: "transfers.subsidy.level", Years: "all years", Base: "1", Alt: "0.5"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("a starting change of a scenario that extends baseline\n got %v\nwant %v", got, want)
	}
	// The report's section says what the year before is, under the
	// changes that cover it only.
	in := fixtureInput(t)
	in.Scenarios[1].Resolved = before.Resolved
	_, diffs := scenarioSection(in)
	if len(diffs) != 2 || len(diffs[0].Changes) != 1 || !diffs[0].Changes[0].YearBefore || diffs[0].BeforeNote != beforeNote || diffs[1].BeforeNote != "" {
		t.Errorf("diff blocks %+v", diffs)
	}
	html := string(writeReport(t, in))
	for _, w := range []string{"<td>2020, the year before the first</td>", beforeNote} {
		if !strings.Contains(html, w) && !strings.Contains(html, template.HTMLEscapeString(w)) {
			t.Errorf("report lacks %q", w)
		}
	}
}

func TestYearsText(t *testing.T) {
	for _, c := range []struct {
		from, to int
		want     string
	}{{0, 10, "all years"}, {5, 10, "from 2026"}, {2, 5, "2023–2025"}, {3, 4, "2024"}, {0, 3, "2021–2023"},
		{-1, 0, "2020, the year before the first"}, {-1, 10, "2020 (the year before) and 2021–2030"}, {-1, 5, "2020 (the year before) to 2025"}, {-1, 1, "2020 (the year before) to 2021"}} {
		if got := yearsText(2021, 10, c.from, c.to); got != c.want {
			t.Errorf("yearsText(%d, %d) = %q, want %q", c.from, c.to, got, c.want)
		}
	}
	if got, want := yearsText(2021, 1, -1, 1), "2020 (the year before) and 2021"; got != want {
		t.Errorf("a one-year run: yearsText(-1, 1) = %q, want %q", got, want)
	}
}

func TestFormat(t *testing.T) {
	e := analysis.Estimate{Mean: 0.0623, Lo: 0.049, Hi: 0.0751, N: 4}
	d := analysis.Estimate{Mean: -0.0016, Lo: -0.0023, Hi: -0.001, N: 4}
	for _, c := range []struct{ got, want string }{
		{pctCI(e), "6.2% (4.9–7.5)"},
		{ppCI(d), "−0.16 (−0.23 to −0.10)"},
		{ppCI(analysis.Estimate{Mean: 0.029, Lo: 0.02, Hi: 0.038, N: 2}), "+2.90 (+2.00 to +3.80)"},
		{countCI(analysis.Estimate{Mean: -69.2, Lo: -80.4, Hi: -57.9, N: 3}), "−69 (−80 to −58)"},
		{thousands(479236, 0), "479\u202f236"},
		{thousands(3000, 0), "3000"},
		{thousands(-0.001, 2), "0.00"},
		{millionCI(analysis.Estimate{Mean: 1.98e6, N: 1}), "1.98"},
		{pctCI(analysis.Estimate{}), "—"},
		{wrap("Return to poverty by household type, 2030", 20), "Return to poverty by\nhousehold type, 2030"},
		{groupThousands(10000), "10,000"},
		{analysis.ShellJoin([]string{"povsim", "report", "--set", "a.b=1 2"}), "povsim report --set 'a.b=1 2'"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// element is a parsed element: its name and the names of every element
// inside it.
type element struct {
	name  string
	inner []string
}

func (e *element) count(name string) int {
	n := 0
	for _, x := range e.inner {
		if x == name {
			n++
		}
	}
	return n
}

type parsedDoc struct {
	ids  map[string]*element
	text bytes.Buffer
}

// HTML content models the checker enforces: elements that may hold only
// phrasing content, and the only children some elements may have.
var (
	phrasingOnly = map[string]bool{"p": true, "h1": true, "h2": true, "h3": true, "caption": true, "dt": true,
		"summary": true, "th": false, "span": true, "strong": true, "code": true, "a": true, "title": true}
	blocks = map[string]bool{"div": true, "p": true, "table": true, "ul": true, "ol": true, "dl": true, "figure": true,
		"section": true, "article": true, "header": true, "footer": true, "main": true, "nav": true, "details": true,
		"h1": true, "h2": true, "h3": true, "pre": true}
	onlyChildren = map[string][]string{
		"html":  {"head", "body"},
		"table": {"caption", "thead", "tbody", "tfoot", "tr"},
		"thead": {"tr"}, "tbody": {"tr"}, "tr": {"th", "td"},
		"ul": {"li"}, "ol": {"li"}, "dl": {"dt", "dd"},
	}
	voids = map[string]bool{"meta": true, "br": true, "link": true, "img": true, "hr": true, "input": true}
)

// checkHTML checks that the report is well-formed (it is written as
// polyglot HTML, so an XML parser reads it strictly), starts with the HTML
// doctype, has one html, head, body, title and charset, unique ids, and
// respects the content models above; it returns the elements by id and
// the document's text.
func checkHTML(t *testing.T, html []byte) *parsedDoc {
	t.Helper()
	if !bytes.HasPrefix(html, []byte("<!DOCTYPE html>\n<html lang=\"en\">")) {
		t.Fatalf("the report does not start with the HTML doctype and <html lang>: %q", html[:min(len(html), 40)])
	}
	doc := &parsedDoc{ids: map[string]*element{}}
	dec := xml.NewDecoder(bytes.NewReader(html))
	dec.Strict = true
	type open struct {
		name string
		els  []*element // elements with an id open at this depth or above
	}
	var stack []open
	var all []*element // open elements with ids
	seen := map[string]int{}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the report is not well-formed: %v", err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			name := tk.Name.Local
			seen[name]++
			if len(stack) > 0 {
				parent := stack[len(stack)-1].name
				if phrasingOnly[parent] && blocks[name] {
					t.Errorf("<%s> inside <%s>", name, parent)
				}
				if allowed, ok := onlyChildren[parent]; ok && !contains(allowed, name) {
					t.Errorf("<%s> directly inside <%s>", name, parent)
				}
				if voids[parent] {
					t.Errorf("<%s> inside the void element <%s>", name, parent)
				}
			} else if name != "html" {
				t.Errorf("root element <%s>", name)
			}
			for _, e := range all {
				e.inner = append(e.inner, name)
			}
			for _, a := range tk.Attr {
				if a.Name.Local == "id" {
					if doc.ids[a.Value] != nil {
						t.Errorf("duplicate id %q", a.Value)
					}
					e := &element{name: name}
					doc.ids[a.Value] = e
					all = append(all, e)
				}
			}
			stack = append(stack, open{name: name, els: all})
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			if len(stack) > 0 {
				all = stack[len(stack)-1].els
			} else {
				all = nil
			}
		case xml.CharData:
			if len(stack) > 0 && stack[len(stack)-1].name != "style" && stack[len(stack)-1].name != "script" {
				doc.text.Write(tk)
			}
		}
	}
	for name, n := range map[string]int{"html": 1, "head": 1, "body": 1, "main": 1} {
		if seen[name] != n {
			t.Errorf("%d <%s>, want %d", seen[name], name, n)
		}
	}
	if !bytes.Contains(html, []byte(`<meta charset="utf-8" />`)) || !regexp.MustCompile(`<title>[^<]+</title>`).Match(html) {
		t.Errorf("no charset or no title")
	}
	// Every chart has an accessible name.
	if n, m := seen["svg"], bytes.Count(html, []byte(`role="img" aria-labelledby=`)); n != m {
		t.Errorf("%d svg, %d with role=img and a title", n, m)
	}
	return doc
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// TestReportValidation: the section "How well does this model match what
// is known" shows the verdict and one row per target with its use, the
// published value, the model's value and whether it is inside; without a
// wall it says why.
func TestReportValidation(t *testing.T) {
	in := fixtureInput(t)
	w := in.Validation
	if w == nil {
		t.Fatalf("no wall: %s", in.ValidationNote)
	}
	html := string(writeReport(t, in))
	sec := html[strings.Index(html, `<section id="validation"`):]
	sec = sec[:strings.Index(sec, "</section>")]
	if !strings.Contains(sec, "How well does this model match what is known") || !strings.Contains(sec, template.HTMLEscapeString(w.Verdict)) {
		t.Errorf("section without its heading or the verdict %q:\n%s", w.Verdict, sec)
	}
	if n := strings.Count(sec, `<tr class="inside">`) + strings.Count(sec, `<tr class="outside">`); n != len(w.Targets) {
		t.Errorf("%d rows, want %d", n, len(w.Targets))
	}
	for _, r := range w.Targets {
		x := r.Text()
		row := `<th scope="row">` + template.HTMLEscapeString(r.Target) + `</th><td>` + r.Use.String() + `</td><td>` + r.Years + `</td><td><span class="v">` + x.Value
		if !strings.Contains(sec, row) || !strings.Contains(sec, x.Model) {
			t.Errorf("no row %q with model %q", row, x.Model)
		}
	}
	if strings.Count(sec, "<strong>outside</strong>") != len(w.Targets)-w.Count.FitInside-w.Count.HeldInside {
		t.Errorf("outside marks do not match the count %+v", w.Count)
	}
	in.Validation, in.ValidationNote = nil, ""
	html = string(writeReport(t, in))
	if !strings.Contains(html, "run povsim validate baseline for it") || strings.Contains(html, `id="tab-validation"`) {
		t.Error("a report without a wall does not say why")
	}
}

// The answer leads with the registered return, income poverty beside it,
// and so do the first chart and the first table of the tables.
func TestReportLeadsWithRegistered(t *testing.T) {
	in := fixtureInput(t)
	p, err := build(in)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range p.Lead {
		reg, inc := strings.Index(l, "registered as back in poverty"), strings.Index(l, "By income, as a survey would see it")
		if reg < 0 || inc < reg {
			t.Errorf("paragraph %d does not lead with registered returns then income poverty: %q", i, l)
		}
	}
	if p.Figures[0].ID != KindRegistered || p.Tables[0].ID != "registered" || p.Tables[1].ID != "rates" {
		t.Errorf("first figure %s, first tables %s %s; want registered, registered, rates", p.Figures[0].ID, p.Tables[0].ID, p.Tables[1].ID)
	}
	for _, cd := range p.Cards {
		if cd.Rate == "" || cd.Income == "" || !strings.HasSuffix(cd.Rate, "%") {
			t.Errorf("card %s: registered %q, income poverty %q", cd.Scenario, cd.Rate, cd.Income)
		}
	}
}

// Cause shares add up to the returns they explain, on the report's data:
// per scenario and measure, the counts by cause sum to the registered
// returns (or income-poverty returns) of every year and replication of
// the simulation behind the report, the shares to 1, and the table's last
// row says 100% of that number. The same holds after a round trip through
// the saved comparison.json that `report --from` reads.
func TestReportCauseSharesAddUp(t *testing.T) {
	in := fixtureInput(t)
	_, res := fixtureResults(t)
	check := func(t *testing.T, v causeView) {
		if len(v.Rows) != 2*len(res) {
			t.Fatalf("%d rows of counts, want %d (two measures × %d scenarios): %s", len(v.Rows), 2*len(res), len(res), v.Note)
		}
		for i := range res {
			for j, m := range causeMeasures {
				r := v.Rows[2*i+j]
				want := 0
				for _, rep := range res[i] {
					for _, y := range rep.Years {
						if m.of == analysis.EventsRegistered {
							want += y.Registered
						} else {
							want += y.Returned
						}
					}
				}
				sum, share := 0, 0.0
				for k := range r.ByCause {
					sum += r.ByCause[k]
					share += r.Shares[k]
				}
				if r.Scenario != fixtureNames[i] || r.Of != m.of || r.Events != want || sum != want {
					t.Errorf("%s %s: causes sum to %d, events %d, want the run's %d", r.Scenario, r.Of, sum, r.Events, want)
				}
				if want > 0 && math.Abs(share-1) > 1e-12 {
					t.Errorf("%s %s: shares sum to %v, want 1", r.Scenario, r.Of, share)
				}
				last := v.Table.Rows[len(v.Table.Rows)-1]
				if got, wantCell := last[1+2*i+j].Main, fmt.Sprintf("100%% (%s)", thousands(float64(want), 0)); want > 0 && got != wantCell {
					t.Errorf("%s %s: the table's total %q, want %q", r.Scenario, r.Of, got, wantCell)
				}
			}
		}
		if len(v.Table.Rows) != int(sim.NumCauses)+1 || len(v.Lead) != len(res) {
			t.Errorf("%d table rows, %d paragraphs; want %d causes and a total, %d", len(v.Table.Rows), len(v.Lead), sim.NumCauses, len(res))
		}
	}
	t.Run("simulated", func(t *testing.T) { check(t, causes(in)) })
	t.Run("saved", func(t *testing.T) {
		b, err := json.Marshal(in.Comparison)
		if err != nil {
			t.Fatal(err)
		}
		back := &Input{}
		if err := json.Unmarshal(b, &back.Comparison); err != nil {
			t.Fatal(err)
		}
		check(t, causes(back))
	})
	t.Run("older folder", func(t *testing.T) {
		old := *in
		old.Comparison.Summaries = append([]analysis.Summary(nil), in.Comparison.Summaries...)
		old.Comparison.Summaries[1].CauseTotals = nil
		v := causes(&old)
		if v.Rows != nil || !strings.Contains(v.Note, "no counts by cause") {
			t.Errorf("without counts: %d rows, note %q", len(v.Rows), v.Note)
		}
	})
}

// With variants, the validation section holds a table per alternative
// (the defaults first, then each variant with what it stands for) and the
// sentences on the directions; without, a note saying how to add them.
func TestReportVariants(t *testing.T) {
	in := fixtureInput(t)
	sec := func() string {
		html := string(writeReport(t, in))
		s := html[strings.Index(html, `<section id="validation"`):]
		return s[:strings.Index(s, "</section>")]
	}
	if s := sec(); !strings.Contains(s, "Not run for this report") || !strings.Contains(s, "--variants --out DIR") || strings.Contains(s, `id="tab-variants-1"`) {
		t.Errorf("without variants, no note on how to add them:\n%s", s)
	}
	c := &in.Comparison
	h := len(c.Years) - 1
	for i := range c.Diffs { // a clear difference at the horizon, by hand, so that its reversal shows
		for j := range c.Diffs[i].Paired {
			if k := c.Diffs[i].Paired[j].Key; k == analysis.RegisteredReturn || k == analysis.ReturnRate {
				years := append([]analysis.Estimate(nil), c.Diffs[i].Paired[j].Years...)
				years[h] = analysis.Estimate{Mean: 0.01, Lo: 0.005, Hi: 0.015, SD: 0.005, N: 8}
				c.Diffs[i].Paired[j].Years = years
			}
		}
	}
	flip := make([]analysis.Differences, len(c.Diffs)) // every alternative reversed: its series negated
	for i, d := range c.Diffs {
		flip[i] = d
		flip[i].Paired = nil
		for _, se := range d.Paired {
			se.Years = append([]analysis.Estimate(nil), se.Years...)
			for y, e := range se.Years {
				se.Years[y] = analysis.Estimate{Mean: -e.Mean, Lo: -e.Hi, Hi: -e.Lo, SD: e.SD, N: e.N}
			}
			flip[i].Paired = append(flip[i].Paired, se)
		}
	}
	c.Variants = []analysis.VariantDiffs{
		{Variant: "same", Why: "the comparison itself", Diffs: c.Diffs},
		{Variant: "flipped", Why: "every difference reversed", Diffs: flip},
	}
	s := sec()
	for i, d := range c.Diffs {
		if !strings.Contains(s, `id="tab-variants-`+strconv.Itoa(i+1)+`"`) || !strings.Contains(s, template.HTMLEscapeString(d.Scenario+" against "+c.Base)) {
			t.Errorf("no table for %s", d.Scenario)
		}
		for _, want := range analysis.VariantSentences(*c, i) {
			if !strings.Contains(s, "<p>"+template.HTMLEscapeString(want)+"</p>") {
				t.Errorf("no sentence %q", want)
			}
		}
	}
	for _, want := range []string{"the defaults", "same: the comparison itself", "flipped: every difference reversed", "REVERSES (lower) under flipped"} {
		if !strings.Contains(s, template.HTMLEscapeString(want)) {
			t.Errorf("section lacks %q", want)
		}
	}
}

// The answer says how to read it: intervals on parameter draws are wider
// than compare's, and levels are the model's when it misses figures.
func TestReportReadingNotes(t *testing.T) {
	in := fixtureInput(t)
	draws, levels := "wider than those of povsim compare", template.HTMLEscapeString("read these levels as the model's")
	w := in.Validation
	misses := w.Count.FitInside+w.Count.HeldInside < w.Count.Fit+w.Count.Held
	html := string(writeReport(t, in))
	if strings.Contains(html, draws) || strings.Contains(html, levels) != misses {
		t.Errorf("without draws: the note on draws %v, on levels %v (the wall misses %v)", strings.Contains(html, draws), strings.Contains(html, levels), misses)
	}
	in.Comparison.Uncertainty = analysis.IntervalParams
	in.Validation.Count.HeldInside = 0 // every held-out figure missed
	html = string(writeReport(t, in))
	for _, want := range []string{draws, template.HTMLEscapeString("povsim report --draws none gives compare's"), levels} {
		if !strings.Contains(html, want) {
			t.Errorf("the answer lacks %q", want)
		}
	}
}

// The sentence on what pairing buys sets the paired half-width against
// the unpaired Welch one, which is Monte Carlo only: with parameter draws
// the paired interval carries the parameters' uncertainty too and may be
// the wider, so the sentence is left out (it said "narrows … from ±0.4
// to ±3" before).
func TestPairingSentenceNotWithDraws(t *testing.T) {
	const sentence = "Pairing on common random numbers narrows the interval"
	c := fixtureInput(t).Comparison
	h := len(c.Years) - 1
	note := func(c analysis.Comparison) string { return horizonTables(c, 2)[1].Note }
	if !strings.Contains(note(c), sentence) {
		t.Fatalf("Monte Carlo intervals: the note lacks %q:\n%s", sentence, note(c))
	}
	c.Uncertainty = analysis.IntervalParams
	c.Diffs = slices.Clone(c.Diffs)
	d := &c.Diffs[0]
	d.UnpairedHalfWidth = slices.Clone(d.UnpairedHalfWidth)
	d.UnpairedHalfWidth[h] = 0.004
	d.Paired = slices.Clone(d.Paired)
	for i := range d.Paired {
		if d.Paired[i].Key == analysis.ReturnRate {
			d.Paired[i].Years = slices.Clone(d.Paired[i].Years)
			e := &d.Paired[i].Years[h]
			e.Lo, e.Hi = e.Mean-0.03, e.Mean+0.03
		}
	}
	if got := note(c); strings.Contains(got, sentence) {
		t.Errorf("with draws the note still sets the paired interval against the Monte Carlo unpaired one:\n%s", got)
	}
}
