package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// figArgs keeps report and plot tests fast: 400 households, 7 years (past 2026, when cut-subsidy acts), 3
// replications.
var figArgs = []string{"--households", "400", "--years", "7", "--reps", "3", "--seed", "3"}

// mustPovsim runs povsim and fails the test unless it exits 0.
func mustPovsim(t *testing.T, args ...string) (string, string) {
	t.Helper()
	code, out, errs := povsim(t, args...)
	if code != exitOK {
		t.Fatalf("povsim %s: exit %d\n%s", strings.Join(args, " "), code, errs)
	}
	return out, errs
}

func readFile(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// reportIDs are the charts and tables every full report holds.
var reportIDs = []string{"fig-rates", "fig-difference", "fig-cost-effect", "fig-types", "fig-survival", "fig-hazard", "fig-exit",
	"tab-rates", "tab-horizon", "tab-costs", "tab-types", "tab-spells", "tab-survival", "tab-hazards", "tab-scenarios"}

// external finds references outside the file (the SVG namespace names
// are not references).
func external(html []byte) string {
	s := strings.NewReplacer(`xmlns="http://www.w3.org/2000/svg"`, "", `xmlns:xlink="http://www.w3.org/1999/xlink"`, "").Replace(string(html))
	for _, bad := range []string{"http:", "https:", " src=", "<link", "url("} {
		if strings.Contains(s, bad) {
			return bad
		}
	}
	return ""
}

func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "report.html")
	args := append([]string{"report", "baseline", "cut-subsidy", "--out", out, "--question", "Should the subsidy stop in 2026?"}, figArgs...)
	stdout, _ := mustPovsim(t, args...)
	if !strings.Contains(stdout, out) {
		t.Errorf("stdout %q does not name the report", stdout)
	}
	html := readFile(t, out)
	for _, id := range reportIDs {
		if !bytes.Contains(html, []byte(`id="`+id+`"`)) {
			t.Errorf("no %s in the report", id)
		}
	}
	for _, s := range []string{"Should the subsidy stop in 2026?", "povsim report baseline cut-subsidy --seed 3 --reps 3 --households 400 --years 7",
		"transfers.subsidy.level", "400"} {
		if !bytes.Contains(html, []byte(s)) {
			t.Errorf("the report does not say %q", s)
		}
	}
	if bad := external(html); bad != "" {
		t.Errorf("the report references %q outside itself", bad)
	}
	// The wall of the base against the published record.
	if !bytes.Contains(html, []byte("How well does this model match what is known")) || !bytes.Contains(html, []byte(`id="tab-validation"`)) ||
		!bytes.Contains(html, []byte("povsim&#39;s baseline")) || !bytes.Contains(html, []byte("registered returns to poverty, 2021-2024 (T1)")) {
		t.Error("the report does not show the wall of the baseline against the published record")
	}
	if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("report file mode %v, %v; want 0644 (a document to share)", st.Mode().Perm(), err)
	}

	// The same results make the same report, whatever the workers; only
	// the date and the command line differ.
	out2 := filepath.Join(dir, "again.html")
	mustPovsim(t, append([]string{"report", "baseline", "cut-subsidy", "--out", out2, "--workers", "1", "--question", "Should the subsidy stop in 2026?"}, figArgs...)...)
	if a, b := figures(readFile(t, out)), figures(readFile(t, out2)); a != b {
		t.Errorf("charts differ between runs with the same seed")
	}
}

// figures cuts the charts section out of a report.
func figures(html []byte) string {
	s := string(html)
	i, j := strings.Index(s, `<section id="charts"`), strings.Index(s, `<section id="scenarios"`)
	if i < 0 || j < i {
		return ""
	}
	return s[i:j]
}

// report --from reads what compare --out wrote: the same charts as a
// report that simulates, except those of spells, which compare does not
// save.
func TestReportFromCompareFolder(t *testing.T) {
	dir := t.TempDir()
	res := filepath.Join(dir, "results")
	mustPovsim(t, append([]string{"compare", "baseline", "cut-subsidy", "--out", res, "--by", "type"}, figArgs...)...)
	out := filepath.Join(dir, "from.html")
	_, errs := mustPovsim(t, "report", "--from", res, "--out", out)
	html := readFile(t, out)
	for _, id := range []string{"fig-rates", "fig-difference", "fig-cost-effect", "fig-types", "tab-horizon"} {
		if !bytes.Contains(html, []byte(`id="`+id+`"`)) {
			t.Errorf("no %s in the report from %s", id, res)
		}
	}
	if _, err := os.Stat(filepath.Join(res, "spells.json")); err != nil {
		if !strings.Contains(errs, "spells.json") || !bytes.Contains(html, []byte("Not shown")) {
			t.Errorf("report --from a folder without spells.json does not say what is left out; stderr %q", errs)
		}
	}
	direct := filepath.Join(dir, "direct.html")
	mustPovsim(t, append([]string{"report", "baseline", "cut-subsidy", "--out", direct, "--draws", "none"}, figArgs...)...) // as compare ran
	want := figures(readFile(t, direct))
	got := figures(html)
	// The rates chart is the same from the folder as from the simulation.
	cut := func(s string) string {
		i := strings.Index(s, `<figure id="fig-rates"`)
		j := strings.Index(s[i:], "</figure>")
		return s[i : i+j]
	}
	if cut(got) != cut(want) {
		t.Errorf("the rates chart from the compare folder differs from the simulated one")
	}
}

func TestReportBadInput(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"report", "--out", filepath.Join(dir, "r.html")}, "no scenario"},
		{[]string{"report", "baseline", "--from", dir, "--out", filepath.Join(dir, "r.html")}, "give one or the other"},
		{[]string{"report", "--from", dir, "--out", filepath.Join(dir, "r.html")}, "not a povsim output folder"},
		{[]string{"report", "--from", dir, "--draws", "default", "--out", filepath.Join(dir, "r.html")}, "saved results keep the intervals"},
		{[]string{"report", "baseline", "--draws", "no-such-draws.csv", "--out", filepath.Join(dir, "r.html")}, "no-such-draws.csv"},
		{[]string{"report", "baseline", "no-such-scenario", "--out", filepath.Join(dir, "r.html")}, "no-such-scenario"},
		{[]string{"report", "baseline", "--reps", "0"}, "--reps"},
		{[]string{"report", "baseline", "--precision", "2"}, "--precision"},
		{[]string{"report", "baseline", "--out", ""}, "--out"},
		// Flags that choose what is simulated mean nothing with --from.
		{[]string{"report", "--from", dir, "--households", "200", "--out", filepath.Join(dir, "r.html")}, "--from " + dir + " and --households 200: the saved results were simulated already"},
		{[]string{"plot", "rates", "--from", dir, "--seed", "4", "--out", filepath.Join(dir, "r.svg")}, "--from " + dir + " and --seed 4: the saved results were simulated already"},
		// A file named for another format than the one written.
		{[]string{"report", "baseline", "--out", filepath.Join(dir, "r.pdf")}, `--out: got "` + filepath.Join(dir, "r.pdf") + `", want a file ending in .html or .htm`},
		{[]string{"plot", "rates", "baseline", "--out", filepath.Join(dir, "r.gif")}, `--out: got "` + filepath.Join(dir, "r.gif") + `", want a file ending in .svg or .png`},
	} {
		code, _, errs := povsim(t, c.args...)
		if code != exitError || !strings.Contains(errs, c.want) {
			t.Errorf("povsim %s: exit %d, stderr %q; want exit %d mentioning %q", strings.Join(c.args, " "), code, errs, exitError, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "r.html")); err == nil {
		t.Errorf("a failed report left a file behind")
	}
}

// Flags come from a --config file too, under their own names.
func TestReportConfigFile(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "flags.yaml")
	out := filepath.Join(dir, "r.html")
	if err := os.WriteFile(cfg, []byte("households: 300\nyears: 4\nreps: 2\nseed: 9\nout: "+out+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustPovsim(t, "report", "baseline", "--config", cfg)
	if html := readFile(t, out); !bytes.Contains(html, []byte("--seed 9 --reps 2 --households 300 --years 4")) {
		t.Errorf("the report's reproduce command does not follow the config file")
	}
	if err := os.WriteFile(cfg, []byte("format: table\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := povsim(t, "report", "baseline", "--config", cfg); code != exitError || !strings.Contains(errs, cfg+`:1: format: want a known key ("format" is not a flag of povsim report`) {
		t.Errorf("config with compare's --format: exit %d, %q", code, errs)
	}
}
