package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/povsim/povsim/analysis"
	"github.com/spf13/cobra"
)

// Every input path is as strict as the command line: POVSIM_* variables,
// --config files and --set values that are not what their flag or
// parameter takes are refused, naming where the value came from. So are
// sizes that cannot fit in memory.
func TestStrictInputPaths(t *testing.T) {
	dir := t.TempDir()
	n := 0
	config := func(text string) string {
		n++
		p := filepath.Join(dir, fmt.Sprintf("c%d.yaml", n))
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, c := range []struct {
		name string
		env  map[string]string
		args []string
		want []string
	}{
		{"env word for a number", map[string]string{"POVSIM_HOUSEHOLDS": "ten"}, []string{"run"}, []string{"POVSIM_HOUSEHOLDS=ten: want a whole number (for --households)"}},
		{"env reps", map[string]string{"POVSIM_REPS": "abc"}, []string{"run"}, []string{"POVSIM_REPS=abc: want a whole number (for --reps)"}},
		{"env fraction", map[string]string{"POVSIM_WORKERS": "1.5"}, []string{"run"}, []string{"POVSIM_WORKERS=1.5: want a whole number"}},
		{"env negative seed", map[string]string{"POVSIM_SEED": "-3"}, []string{"run"}, []string{"POVSIM_SEED=-3: want a whole number ≥ 0"}},
		{"config word", nil, []string{"run", "--config", config("households: ten\n")}, []string{"c1.yaml:1: households: got \"ten\", want a whole number"}},
		{"config fraction", nil, []string{"run", "--config", config("reps: 2.5\n")}, []string{"c2.yaml:1: reps: got 2.5, want a whole number"}},
		{"config list", nil, []string{"run", "--config", config("years: [1]\n")}, []string{"c3.yaml:1: years: got a list, want a whole number"}},
		{"config precision", nil, []string{"compare", "baseline", "cut-subsidy", "--config", config("# flags\nreps: 3\nprecision: high\n")}, []string{"c4.yaml:3: precision: got \"high\", want a number"}},
		{"config not a number", nil, []string{"compare", "baseline", "cut-subsidy", "--config", config("precision: .nan\n")}, []string{"c5.yaml:1: precision: got NaN, want a finite number"}},
		{"config infinite width", nil, []string{"plot", "rates", "baseline", "--config", config("width: .inf\n")}, []string{"c6.yaml:1: width: got +Inf, want a finite number"}},
		{"env not a number", map[string]string{"POVSIM_PRECISION": "NaN"}, []string{"compare", "baseline", "cut-subsidy"}, []string{"POVSIM_PRECISION=NaN: want a finite number (for --precision)"}},
		{"flag not a number", nil, []string{"compare", "baseline", "cut-subsidy", "--precision", "NaN"}, []string{"--precision: got NaN, want a half-width between 0 and 1"}},
		{"flag infinite width", nil, []string{"plot", "rates", "baseline", "--width", "Inf"}, []string{"--width: got +Inf, want a width above 0 and at most 150, in centimetres"}},
		{"unbalanced --set", nil, []string{"run", "--set", "population.size_weights=[1,2"}, []string{"--set population.size_weights=[1,2: want a list written [a, b, …] with its brackets closed"}},
		{"reps beyond memory", nil, []string{"run", "--reps", "1000000000"}, []string{"--reps: got 1000000000, want at most 100000", "about 16000 GB"}},
		{"max-reps beyond memory", nil, []string{"compare", "baseline", "cut-subsidy", "--precision", "0.01", "--max-reps", "1000000000"}, []string{"--max-reps: got 1000000000, want at most 100000"}},
		{"env duration", map[string]string{"POVSIM_TIMEOUT": "ten"}, []string{"serve", "--addr", "256.0.0.1:0"}, []string{"POVSIM_TIMEOUT=ten: want a duration such as 90s, 5m or 1h30m (for --timeout)"}},
		{"config duration without unit", nil, []string{"serve", "--addr", "256.0.0.1:0", "--config", config("timeout: 60\n")}, []string{"c7.yaml:1: timeout: got 60, want a duration such as 90s, 5m or 1h30m"}},
		{"env fraction int64", map[string]string{"POVSIM_MAX_WORK": "1.5"}, []string{"serve", "--addr", "256.0.0.1:0"}, []string{"POVSIM_MAX_WORK=1.5: want a whole number (for --max-work)"}},
		{"config word int64", nil, []string{"serve", "--addr", "256.0.0.1:0", "--config", config("max-upload: lots\n")}, []string{`c8.yaml:1: max-upload: got "lots", want a whole number`}},
		{"env word in years", map[string]string{"POVSIM_YEAR": "2025,x"}, []string{"sensitivity", "r.parquet"}, []string{"POVSIM_YEAR=2025,x: want whole numbers separated by commas (for --year)"}},
		{"config word in years", nil, []string{"sensitivity", "r.parquet", "--config", config("year: [2025, x]\n")}, []string{"c9.yaml:1: year: got a list, want whole numbers separated by commas"}},
		{"env bool", map[string]string{"POVSIM_NO_CACHE": "maybe"}, []string{"sweep", "s.yaml"}, []string{"POVSIM_NO_CACHE=maybe: want true or false (for --no-cache)"}},
		{"config key of another command", nil, []string{"merge", "a.parquet", "--config", config("seed: 4\n")}, []string{`c10.yaml:1: seed: want a known key ("seed" is not a flag of povsim merge`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			code, _, errs := povsim(t, c.args...)
			if code != exitError {
				t.Fatalf("exit %d, want 1: %s", code, errs)
			}
			for _, w := range c.want {
				if !strings.Contains(errs, w) {
					t.Errorf("message lacks %q:\n%s", w, errs)
				}
			}
		})
	}
	// Values of the right type pass.
	t.Setenv("POVSIM_REPS", "2")
	if code, _, errs := povsim(t, "run", "--households", "200", "--years", "3", "--config", config("seed: 4\nformat: csv\nset: [transfers.subsidy.level=0.5]\n")); code != exitOK {
		t.Errorf("good values refused: %s", errs)
	}
}

// Every problem of a --config file is listed with its line, as a scenario
// file's are: a key that is no flag of the command (with the nearest flag),
// a flag given twice (in any case: viper reads keys in any case), a value
// of the wrong type, a --config inside the file, broken YAML, an item of
// the set list that is no setting. A file of comments only sets nothing.
func TestConfigFileLines(t *testing.T) {
	dir := t.TempDir()
	write := writer(t, dir)
	many := write("many.yaml", "# flags of povsim run\nrepz: 2\nseed: 4\nReps: 3\nreps: 4\nconfig: other.yaml\nyears: [1]\n")
	code, out, errs := povsim(t, "run", "--config", many)
	if code != exitError || out != "" {
		t.Fatalf("exit %d, stdout %q: %s", code, out, errs)
	}
	for _, w := range []string{
		many + ": 4 problems:",
		many + `:2: repz: want a known key ("repz" is not a flag of povsim run; did you mean "reps"?)`,
		many + ":5: reps: want each flag once (Reps is on line 4 too)",
		many + ":6: config: want the flags' values (a --config file cannot name another)",
		many + ":7: years: got a list, want a whole number",
	} {
		if !strings.Contains(errs, w) {
			t.Errorf("message lacks %q:\n%s", w, errs)
		}
	}
	broken := write("broken.yaml", "reps: 2\nyears: [1, 2\n")
	if _, _, errs := povsim(t, "run", "--config", broken); !strings.Contains(errs, broken+":2: want valid YAML: a list opened with [ on this line is not closed with ]") {
		t.Errorf("broken YAML: %s", errs)
	}
	report := write("report.yaml", "households: 300\nformat: table\n")
	if _, _, errs := povsim(t, "report", "baseline", "--config", report); !strings.Contains(errs, report+`:2: format: want a known key ("format" is not a flag of povsim report`) {
		t.Errorf("compare's --format in report's config: %s", errs)
	}
	missing := filepath.Join(dir, "none.yaml")
	if _, _, errs := povsim(t, "run", "--config", missing); !strings.Contains(errs, "--config "+missing+": no such file or directory") {
		t.Errorf("missing file: %s", errs)
	}
	sets := write("sets.yaml", "seed: 2\nset:\n  - transfers.subsidy.level=0.5\n  - nonsense\n")
	if _, _, errs := povsim(t, "run", "--config", sets); !strings.Contains(errs, sets+`:4: set[1] "nonsense": want PATH=VALUE`) {
		t.Errorf("a --set item of a --config file: %s", errs)
	}
	helpKey := write("help.yaml", "help: true\n")
	if _, _, errs := povsim(t, "run", "--config", helpKey); !strings.Contains(errs, helpKey+":1: help: want the flags' values (help is asked for on the command line)") {
		t.Errorf("help in a --config file: %s", errs)
	}
	// Keys that name nothing, and a key given twice as written (not only
	// in another case), are listed with their lines before anything else.
	keys := write("keys.yaml", "seed: 2\n~: 3\nreps: 2\nreps: 3\nset: {null: 1}\n")
	if _, _, errs := povsim(t, "run", "--config", keys); !strings.Contains(errs, keys+": 3 problems:") ||
		!strings.Contains(errs, keys+":2: got the key ~, want a key that names something (a flag name of povsim run, such as reps or seed)") ||
		!strings.Contains(errs, keys+":4: reps: want each key once (reps is on line 3 too)") ||
		!strings.Contains(errs, keys+":5: set: got the key null, want a key that names something") {
		t.Errorf("keys that name nothing, a key twice: %s", errs)
	}
	comments := write("comments.yaml", "# reps: 50\n")
	if code, out, errs := povsim(t, "run", "--config", comments, "--households", "100", "--years", "2", "--reps", "2", "--format", "csv"); code != exitOK || out == "" {
		t.Errorf("a --config file of comments refused: %d %s", code, errs)
	}
}

// A value of the right type that its flag does not take is refused naming
// where it came from, the value and what the flag takes, the same on
// every path: the command line, the flag's POVSIM_* variable and the
// --config file (with the line, as a scenario file's errors give it).
func TestValueSources(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	sw, res, bin := writeSweep(t, dir, sweepFile), filepath.Join(dir, "results.parquet"), executable(t, dir)
	slurm := []string{"sweep", sw, "--out", res, "--slurm", "--slurm-binary", bin}
	serve := []string{"serve", "--addr", "256.0.0.1:0"} // an address no server can listen on, if a value slipped through
	for _, c := range []struct {
		args        []string // the command, with what it needs besides the flag
		flag, value string
		got, want   string // the value as a message shows it; what the flag takes
		other       string // another key of the --config file ("seed: 4" if "")
		gotConfig   string // the value as the --config file's message shows it (got if "")
	}{
		{[]string{"run"}, "format", "xml", `"xml"`, "one of table, csv, json", "", ""},
		{[]string{"run"}, "by", "village", `"village"`, `"type"`, "", ""},
		{[]string{"run"}, "reps", "0", "0", "at least 1", "", ""},
		{[]string{"run"}, "reps", "1000000000", "1000000000", "at most 100000 (each replication's results are kept in memory", "", ""},
		{[]string{"run"}, "workers", "0", "0", "at least 1", "", ""},
		{[]string{"run"}, "workers", "100000000", "100000000", "at most 1024 (more workers than replications", "", ""},
		{[]string{"run"}, "households", "100000000", "100000000", "at most 33,333,333 with 2 workers (each running worker keeps its households in memory", "", ""},
		{[]string{"run"}, "households", "9223372036854775807", "9223372036854775807", "at most 33,333,333 with 2 workers", "", ""},
		{[]string{"run"}, "households", "-5", "-5", "a positive number (or 0 for the scenario's)", "", ""},
		{[]string{"run"}, "years", "-1", "-1", "a positive number (or 0 for the scenario's)", "", ""},
		{[]string{"run", "--draws", "default"}, "per-draw", "1", "1", "at least 2", "", ""},
		{[]string{"validate"}, "format", "html", `"html"`, "one of table, csv, json", "", ""},
		{[]string{"compare", "baseline", "cut-subsidy"}, "by", "county", `"county"`, `"type"`, "", ""},
		{[]string{"compare", "baseline", "cut-subsidy"}, "precision", "2", "2", "a half-width between 0 and 1", "", ""},
		{[]string{"compare", "baseline", "cut-subsidy", "--precision", "0.01"}, "max-reps", "1000000000", "1000000000", "at most 100000", "", ""},
		{[]string{"compare", "baseline", "cut-subsidy"}, "precision-outcome", "income", `"income"`, "registered (registered returns, the headline) or poverty (income poverty)", "", ""},
		{[]string{"report", "baseline", "cut-subsidy"}, "precision-outcome", "Registered", `"Registered"`, "registered (registered returns", "", ""},
		{[]string{"plot", "rates", "baseline"}, "format", "pdf", `"pdf"`, "svg or png", "", ""},
		{[]string{"plot", "rates", "baseline"}, "width", "0", "0", "a width above 0 and at most 150, in centimetres, not pixels", "", ""},
		{[]string{"plot", "rates", "baseline"}, "height", "-3", "-3", "a height above 0 and at most 150, in centimetres, not pixels", "", ""},
		{[]string{"plot", "rates", "baseline"}, "width", "1600", "1600", "a width above 0 and at most 150, in centimetres, not pixels (150 cm is 8858 pixels", "", ""},
		{[]string{"plot", "rates", "baseline"}, "height", "900", "900", "a height above 0 and at most 150, in centimetres", "", ""},
		{[]string{"calibrate", "published", "--out", out}, "method", "mcmc", `"mcmc"`, "smd, abc or both", "", ""},
		{[]string{"calibrate", "published", "--out", out}, "particles", "1", "1", "at least 2", "", ""},
		{[]string{"calibrate", "published", "--out", out}, "rounds", "0", "0", "at least 1", "", ""},
		{[]string{"calibrate", "published", "--out", out}, "max-evals", "-1", "-1", "0 (the default) or more", "", ""},
		{[]string{"sweep", sw, "--out", res}, "workers", "0", "0", "at least 1", "no-cache: true", ""},
		{[]string{"sweep", sw, "--out", res}, "workers", "5000", "5000", "at most 1024", "no-cache: true", ""},
		{slurm, "shards", "0", "0", "at least 1", "mem: 4G", ""},
		{slurm, "shards", "31", "31", "at most 30 (the design has only 30 points", "mem: 4G", ""},
		{[]string{"sensitivity", res}, "format", "xml", `"xml"`, "one of table, csv, json", "", ""},
		{[]string{"sensitivity", res}, "bootstrap", "-1", "-1", "0 or more resamples", "", ""},
		{[]string{"sensitivity", res}, "out", "indices.txt", `"indices.txt"`, "a file ending in .csv or .json", "", ""},
		{serve, "max-households", "0", "0", "at least 1", "quiet: true", ""},
		{serve, "max-years", "0", "0", "at least 1", "quiet: true", ""},
		{serve, "max-reps", "0", "0", "at least 1", "quiet: true", ""},
		{serve, "max-work", "0", "0", "at least 1", "quiet: true", ""},
		{serve, "max-upload", "0", "0", "at least 1 byte", "quiet: true", ""},
		{serve, "max-runs", "0", "0", "at least 1", "quiet: true", ""},
		{serve, "max-queue", "-1", "-1", "0 or more", "quiet: true", ""},
		{serve, "workers", "0", "0", "at least 1", "quiet: true", ""},
		{serve, "workers", "5000", "5000", "at most 1024", "quiet: true", ""},
		{serve, "timeout", "0s", "0s", "a positive duration such as 60s", "quiet: true", `"0s"`},
		{serve, "per-draw", "1", "1", "at least 2", "quiet: true", ""},
	} {
		env := envName(c.flag)
		cfg := filepath.Join(dir, c.args[0]+"-"+c.flag+".yaml")
		other, gotConfig := cmp.Or(c.other, "seed: 4"), cmp.Or(c.gotConfig, c.got)
		if err := os.WriteFile(cfg, []byte("# the flags of a study\n"+other+"\n"+c.flag+": "+c.value+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, s := range []struct {
			from string
			args []string
			env  string
			want string
		}{
			{"flag", []string{"--" + c.flag, c.value}, "", fmt.Sprintf("--%s: got %s, want %s", c.flag, c.got, c.want)},
			{"variable", nil, c.value, fmt.Sprintf("%s=%s: want %s", env, c.value, c.want)},
			{"config", []string{"--config", cfg}, "", fmt.Sprintf("%s:3: %s: got %s, want %s", cfg, c.flag, gotConfig, c.want)},
		} {
			t.Run(c.args[0]+" "+c.flag+"="+c.value+" "+s.from, func(t *testing.T) {
				if s.env != "" {
					t.Setenv(env, s.env)
				}
				code, stdout, errs := povsim(t, append(append([]string{}, c.args...), s.args...)...)
				if code != exitError || stdout != "" {
					t.Fatalf("exit %d, stdout %q; want 1 and nothing: %s", code, stdout, errs)
				}
				if !strings.Contains(errs, s.want) {
					t.Errorf("message lacks %q:\n%s", s.want, errs)
				}
				if s.from == "variable" && !strings.Contains(errs, "(for --"+c.flag+")") {
					t.Errorf("message does not name --%s:\n%s", c.flag, errs)
				}
			})
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("calibrate's --out folder exists after refused values (err %v)", err)
	}
}

// Values checked elsewhere (by the model, or as files) name where they came
// from too: "--years", "POVSIM_YEARS (for --years)" or "FILE:LINE: years";
// so do files that cannot be opened.
func TestValueSourcesChecked(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "folder.html")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	sw, shard := writeSweep(t, dir, sweepFile), filepath.Join(dir, "shard.parquet")
	for _, c := range []struct {
		args        []string
		flag, value string
		want        string // after the origin
		other       string // another key of the --config file ("seed: 4" if "")
	}{
		{[]string{"run", "--households", "100", "--reps", "2"}, "years", "500", " (scenario baseline): years: got 500, want a whole number between 1 and 100", ""},
		{[]string{"run"}, "set", "nonsense", ` "nonsense": want PATH=VALUE`, ""},
		{[]string{"run"}, "population", filepath.Join(dir, "none.csv"), ": open " + filepath.Join(dir, "none.csv") + ": no such file or directory", ""},
		{[]string{"report", "baseline"}, "out", folder, ": " + folder + " is a folder", ""},
		{[]string{"run"}, "draws", filepath.Join(dir, "none.csv"), ": open " + filepath.Join(dir, "none.csv") + ": no such file or directory", ""},
		{[]string{"validate"}, "targets", filepath.Join(dir, "none.yaml"), ": open " + filepath.Join(dir, "none.yaml") + ": no such file or directory", ""},
		{[]string{"sweep", sw, "--out", shard}, "shard", "0/2", `: got "0/2": shards are numbered from 1 to N`, "no-cache: true"},
		{[]string{"sweep", sw}, "out", "r.txt", ": r.txt: want a file name ending in .parquet or .csv", "no-cache: true"},
		{[]string{"merge", shard}, "out", "m.txt", ": m.txt: want a file name ending in .parquet or .csv", "# merge has no other flag"},
		{[]string{"serve", "--addr", "256.0.0.1:0"}, "draws", filepath.Join(dir, "none.csv"), ": open " + filepath.Join(dir, "none.csv") + ": no such file or directory", "quiet: true"},
	} {
		cfg := filepath.Join(dir, c.args[0]+"-"+c.flag+".yaml")
		if err := os.WriteFile(cfg, []byte(cmp.Or(c.other, "seed: 4")+"\n"+c.flag+": "+c.value+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		env := envName(c.flag)
		for _, s := range []struct {
			from, origin string
			args         []string
			env          string
		}{
			{"flag", "--" + c.flag, []string{"--" + c.flag, c.value}, ""},
			{"variable", env + " (for --" + c.flag + ")", nil, c.value},
			{"config", cfg + ":2: " + c.flag, []string{"--config", cfg}, ""},
		} {
			t.Run(c.args[0]+" "+c.flag+" "+s.from, func(t *testing.T) {
				if s.env != "" {
					t.Setenv(env, s.env)
				}
				code, _, errs := povsim(t, append(append([]string{}, c.args...), s.args...)...)
				if code != exitError || !strings.Contains(errs, s.origin+c.want) {
					t.Errorf("exit %d; message lacks %q:\n%s", code, s.origin+c.want, errs)
				}
			})
		}
	}
}

// POVSIM_CONFIG names a --config file as the other variables name their
// flags' values (--config wins), and a variable of a flag the command does
// not have is no concern of it.
func TestConfigVariable(t *testing.T) {
	dir := t.TempDir()
	cfg := writer(t, dir)("flags.yaml", "seed: 4\nby: village\n")
	t.Setenv("POVSIM_CONFIG", cfg)
	if _, _, errs := povsim(t, "run"); !strings.Contains(errs, cfg+`:2: by: got "village", want "type"`) {
		t.Errorf("POVSIM_CONFIG not read: %s", errs)
	}
	other := writer(t, dir)("other.yaml", "seed: 4\nformat: xml\n")
	if _, _, errs := povsim(t, "run", "--config", other); !strings.Contains(errs, other+`:2: format: got "xml"`) {
		t.Errorf("--config does not win over POVSIM_CONFIG: %s", errs)
	}
	missing := filepath.Join(dir, "none.yaml")
	t.Setenv("POVSIM_CONFIG", missing)
	if _, _, errs := povsim(t, "run"); !strings.Contains(errs, "POVSIM_CONFIG="+missing+" (for --config): no such file or directory") {
		t.Errorf("missing POVSIM_CONFIG file: %s", errs)
	}
	t.Setenv("POVSIM_CONFIG", "")
	t.Setenv("POVSIM_PER_DRAW", "1") // calibrate has no --draws or --per-draw
	t.Setenv("POVSIM_DRAWS", "default")
	if _, _, errs := povsim(t, "calibrate", "published"); !strings.HasPrefix(errs, "povsim: --out: want a folder for the results") {
		t.Errorf("calibrate read another command's variables: %s", errs)
	}
}

// merge names the files it cannot merge, not "input 1" and "input 2".
func TestMergeNamesFiles(t *testing.T) {
	dir := t.TempDir()
	file := writeSweep(t, dir, sweepFile)
	a, b := filepath.Join(dir, "a.parquet"), filepath.Join(dir, "b.parquet")
	okPovsim(t, "sweep", file, "--shard", "1/2", "--out", a, "--no-cache")
	okPovsim(t, "sweep", file, "--shard", "1/2", "--out", b, "--no-cache")
	code, _, errs := povsim(t, "merge", "--out", filepath.Join(dir, "m.parquet"), a, b)
	if code != exitError || !strings.Contains(errs, "shard 1/2 is given twice ("+a+" and "+b+")") || strings.Contains(errs, "input 1") {
		t.Errorf("exit %d: %s", code, errs)
	}
}

// FuzzConfig: a --config file of any bytes is taken or refused with the
// file named, never with a panic; every problem of a key names its line
// (only the YAML as a whole may be refused without one); and what is taken
// is checked as flags are (no negative replications or workers slip
// through as 0, no measure but registered or poverty for
// --precision-outcome).
func FuzzConfig(f *testing.F) {
	for _, s := range []string{
		"reps: 5\nseed: 3\n", "households: ten\n", "reps: 2.5\n", "set: [a=1, 2]\n", "years: [1]\n",
		"workers: {a: 1}\n", "seed: -1\n", "reps: 1e3\n", "format: 5\n", "out: [a]\n", "reps: .inf\n", ": :\n",
		"precision: 0.0001\nprecision-outcome: poverty\n", "precision-outcome: income\n", "precision-outcome: [registered]\n", "precision-outcome: 2\n",
		"# comments only\n", "", "Reps: 2\nreps: 3\n", "repz: 2\n", "config: x.yaml\n", "[a]: 1\n", "reps:\n", "by: village\nformat: xml\n",
		"a: &x [1, 2]\nyears: *x\n", "reps: !!int two\n", "set:\n  - a=1\n  - {b: 2}\n", "- reps\n", "reps: 2\nyears: [1, 2\n", "precision: .nan\n", "precision: .inf\n",
		"~: 2\n", "reps: 2\nreps: 3\n", "? \n: 3\n", "set: {null: a=1}\n", "seed: 1\nNULL: 2\nseed: 3\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		p := filepath.Join(t.TempDir(), "c.yaml")
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		fl := &compareFlags{}
		cmd := &cobra.Command{Use: "compare", RunE: func(*cobra.Command, []string) error { return nil }}
		fl.runFlags.register(cmd)
		fl.registerPrecision(cmd)
		if err := cmd.ParseFlags([]string{"--config", p}); err != nil {
			t.Fatal(err)
		}
		if err := fl.resolve(cmd); err != nil {
			msg := err.Error()
			if !strings.Contains(msg, p) && !strings.HasPrefix(msg, "--") {
				t.Fatalf("error names neither the file nor a flag: %v", err)
			}
			for _, line := range strings.Split(msg, "\n") {
				rest, ok := strings.CutPrefix(line, "  "+p+":") // a problem of the list
				if ok && !startsWithDigit(rest) && !strings.Contains(rest, "want valid YAML") && !strings.Contains(rest, "a YAML mapping") {
					t.Fatalf("a problem without its line: %q in\n%v", line, err)
				}
			}
			return
		}
		if fl.reps < 1 || fl.workers < 1 || fl.households < 0 || fl.years < 0 || !(fl.precision >= 0 && fl.precision < 1) ||
			(fl.measure != analysis.MeasureRegistered && fl.measure != analysis.MeasurePoverty) {
			t.Fatalf("accepted %+v", fl)
		}
	})
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// writer writes files of text in dir and returns their paths.
func writer(t *testing.T, dir string) func(name, text string) string {
	return func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
}

// executable writes a file that can be run (a --slurm-binary) in dir.
func executable(t *testing.T, dir string) string {
	p := filepath.Join(dir, "povsim")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// The sweep commands read good values from every source too: a variable
// or the --config file reaches sweep (POVSIM_WORKERS sets the CPUs of each
// Slurm task, as --workers does, and the command line wins), sensitivity
// and merge.
func TestSweepCommandsValueSources(t *testing.T) {
	dir := t.TempDir()
	write := writer(t, dir)
	sw, bin := writeSweep(t, dir, sweepFile), executable(t, dir)
	res := filepath.Join(dir, "results.parquet")
	cpus := func(args ...string) string {
		t.Helper()
		stdout, _ := okPovsim(t, append([]string{"sweep", sw, "--slurm", "--out", res, "--slurm-binary", bin}, args...)...)
		for _, line := range strings.Split(string(mustRead(t, strings.TrimSpace(stdout))), "\n") {
			if v, ok := strings.CutPrefix(line, "#SBATCH --cpus-per-task="); ok {
				return v
			}
		}
		t.Fatal("no --cpus-per-task in the script")
		return ""
	}
	if got := cpus(); got != "1" {
		t.Errorf("no --workers: %s CPUs per task, want 1", got)
	}
	if got := cpus("--config", write("five.yaml", "workers: 5\n")); got != "5" {
		t.Errorf("workers: 5 in --config: %s CPUs per task", got)
	}
	t.Setenv("POVSIM_WORKERS", "3")
	if got := cpus(); got != "3" {
		t.Errorf("POVSIM_WORKERS=3: %s CPUs per task", got)
	}
	if got := cpus("--workers", "2"); got != "2" {
		t.Errorf("--workers 2 with POVSIM_WORKERS=3: %s CPUs per task", got)
	}

	// A run: the output and no cache from the environment, the shard from
	// the --config file; then merge's --out from POVSIM_OUT gives what an
	// unsharded run writes.
	shard := filepath.Join(dir, "shard.parquet")
	t.Setenv("POVSIM_OUT", shard)
	t.Setenv("POVSIM_NO_CACHE", "true")
	okPovsim(t, "sweep", sw, "--config", write("shard.yaml", "shard: 1/1\n"))
	if _, err := os.Stat(shard + ".d"); !os.IsNotExist(err) {
		t.Errorf("POVSIM_NO_CACHE=true kept a cache (err %v)", err)
	}
	t.Setenv("POVSIM_OUT", "") // sensitivity's --out is another file
	if _, _, errs := povsim(t, "sensitivity", shard); !strings.Contains(errs, "this is shard 1/1") {
		t.Errorf("shard: 1/1 of the --config file not read: %s", errs)
	}
	t.Setenv("POVSIM_OUT", res)
	okPovsim(t, "merge", shard)
	t.Setenv("POVSIM_OUT", "")
	t.Setenv("POVSIM_NO_CACHE", "")
	whole := filepath.Join(dir, "whole.parquet")
	okPovsim(t, "sweep", sw, "--out", whole)
	if !bytes.Equal(mustRead(t, res), mustRead(t, whole)) {
		t.Errorf("merge into POVSIM_OUT differs from an unsharded run")
	}

	// sensitivity: years from a variable (2021,2022) or the --config file
	// (one year, or a list), outcomes from the file, the format from a
	// variable.
	t.Setenv("POVSIM_FORMAT", "csv")
	rows := func(args ...string) map[string]bool {
		t.Helper()
		stdout, _ := okPovsim(t, append([]string{"sensitivity", res, "--bootstrap", "10"}, args...)...)
		seen := map[string]bool{}
		for _, line := range strings.Split(strings.TrimSpace(stdout), "\n")[1:] {
			f := strings.Split(line, ",")
			seen[f[0]+" "+f[1]] = true
		}
		return seen
	}
	t.Setenv("POVSIM_YEAR", "2021,2022")
	if got := rows("--outcome", "cost"); len(got) != 2 || !got["cost 2021"] || !got["cost 2022"] {
		t.Errorf("POVSIM_YEAR=2021,2022: rows of %v", got)
	}
	t.Setenv("POVSIM_YEAR", "")
	if got := rows("--config", write("year.yaml", "year: 2022\noutcome: [cost, headcount]\n")); len(got) != 2 || !got["cost 2022"] || !got["headcount 2022"] {
		t.Errorf("year: 2022 in --config: rows of %v", got)
	}
	if got := rows("--config", write("years.yaml", "year: [2021, 2023]\noutcome: [cost]\n")); len(got) != 2 || !got["cost 2021"] || !got["cost 2023"] {
		t.Errorf("year: [2021, 2023] in --config: rows of %v", got)
	}
}

// serve reads where it listens from the command line only: POVSIM_ADDR
// and an addr key of a --config file are refused, naming themselves and
// why, rather than opening the page to the network unseen. So is sweep's
// --slurm, even given on the command line: the jobs of the script inherit
// the environment and would each write a script.
func TestCommandLineOnly(t *testing.T) {
	dir := t.TempDir()
	sw, res, bin := writeSweep(t, dir, sweepFile), filepath.Join(dir, "r.parquet"), executable(t, dir)
	slurm := writer(t, dir)("slurm.yaml", "shards: 2\nslurm: true\n")
	const slurmWhy = "want --slurm on the command line (a switch that writes a script instead of running"
	for _, args := range [][]string{{"--config", slurm}, {"--config", slurm, "--slurm"}} {
		code, stdout, errs := povsim(t, append([]string{"sweep", sw, "--out", res, "--slurm-binary", bin}, args...)...)
		if code != exitError || stdout != "" || !strings.Contains(errs, slurm+":2: slurm: got true, "+slurmWhy) {
			t.Errorf("slurm in --config (%v): exit %d, stdout %q: %s", args, code, stdout, errs)
		}
	}
	t.Setenv("POVSIM_SLURM", "1")
	for _, args := range [][]string{nil, {"--slurm"}} {
		code, stdout, errs := povsim(t, append([]string{"sweep", sw, "--out", res, "--slurm-binary", bin}, args...)...)
		if code != exitError || stdout != "" || !strings.Contains(errs, "POVSIM_SLURM=1: "+slurmWhy) || !strings.Contains(errs, "(for --slurm)") {
			t.Errorf("POVSIM_SLURM=1 (%v): exit %d, stdout %q: %s", args, code, stdout, errs)
		}
	}
	t.Setenv("POVSIM_SLURM", "")

	cfg := writer(t, dir)("serve.yaml", "quiet: true\naddr: 0.0.0.0:8080\n")
	const why = "want --addr on the command line (where the page listens"
	if code, stdout, errs := povsim(t, "serve", "--config", cfg); code != exitError || stdout != "" || !strings.Contains(errs, cfg+`:2: addr: got "0.0.0.0:8080", `+why) {
		t.Errorf("addr in --config: exit %d, stdout %q: %s", code, stdout, errs)
	}
	t.Setenv("POVSIM_ADDR", "0.0.0.0:8080")
	if code, stdout, errs := povsim(t, "serve"); code != exitError || stdout != "" || !strings.Contains(errs, "POVSIM_ADDR=0.0.0.0:8080: "+why) || !strings.Contains(errs, "(for --addr)") {
		t.Errorf("POVSIM_ADDR: exit %d, stdout %q: %s", code, stdout, errs)
	}
}

// A number given with spaces around it, in a POVSIM_* variable or as a
// quoted --config value, is the number checked and the number used: viper
// read POVSIM_SEED=' 5' as seed 0 and POVSIM_HOUSEHOLDS=' 300' as the
// scenario's 10,000, after the check had passed " 5" as 5.
func TestSpacedValuesAreUsed(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "spaced.yaml")
	if err := os.WriteFile(cfg, []byte("seed: \" 5\"\nhouseholds: \"300 \"\nreps: \" 3\"\nyears: \"\\t4\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, from := range []string{"variable", "config"} {
		t.Run(from, func(t *testing.T) {
			args := []string{"run", "--format", "json"}
			if from == "config" {
				args = append(args, "--config", cfg)
			} else {
				for k, v := range map[string]string{"SEED": " 5", "HOUSEHOLDS": "300 ", "REPS": " 3", "YEARS": "\t4"} {
					t.Setenv("POVSIM_"+k, v)
				}
			}
			out, _ := mustPovsim(t, args...)
			var got struct {
				Seed, Households, Replications int
				Years                          []int
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatal(err)
			}
			if got.Seed != 5 || got.Households != 300 || got.Replications != 3 || len(got.Years) != 4 {
				t.Errorf("ran seed %d, %d households, %d replications, %d years; want 5, 300, 3, 4", got.Seed, got.Households, got.Replications, len(got.Years))
			}
		})
	}
	t.Run("bool variable", func(t *testing.T) {
		t.Setenv("POVSIM_VARIANTS", " true")
		out, _ := mustPovsim(t, "compare", "baseline", "cut-subsidy", "--households", "300", "--reps", "2", "--years", "8")
		if !strings.Contains(out, "under the model's variants") {
			t.Errorf("POVSIM_VARIANTS=' true' ran no variants:\n%s", out)
		}
	})
}

// A whole number too big for its flag in a --config file (YAML reads it
// as a float) is refused: seed: 2e19 ran seed 9223372036854775808.
func TestConfigWholeNumberRange(t *testing.T) {
	dir := t.TempDir()
	for i, c := range []struct{ line, want string }{
		{"seed: 2e19", "seed: got 2e19, want a whole number ≥ 0 and < 2^64"},
		{"seed: 18446744073709551616", "seed: got 18446744073709551616, want a whole number ≥ 0 and < 2^64"},
		{"seed: 1e30", "want a whole number ≥ 0 and < 2^64"},
		{"reps: 1e30", "reps: got 1e30, want a whole number"},
	} {
		cfg := filepath.Join(dir, fmt.Sprintf("c%d.yaml", i))
		if err := os.WriteFile(cfg, []byte(c.line+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		code, stdout, errs := povsim(t, "run", "--households", "300", "--reps", "2", "--years", "2", "--config", cfg)
		if code != exitError || stdout != "" || !strings.Contains(errs, cfg+":1: ") || !strings.Contains(errs, c.want) {
			t.Errorf("%s: exit %d, stdout %q, message %q; want 1, nothing, %q", c.line, code, stdout, errs, c.want)
		}
	}
}
