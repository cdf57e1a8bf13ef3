package sweep

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"text/template"
)

// SlurmOptions describe the Slurm job-array script of a sweep.
type SlurmOptions struct {
	Povsim  string   // the povsim binary the tasks run (absolute path)
	Sweep   string   // the sweep file (absolute path)
	Out     string   // the merged output (absolute path, .parquet or .csv)
	Cache   string   // the cache folder shared by the tasks (absolute path)
	Script  string   // where the script will be written (absolute path)
	Shards  int      // array tasks, one shard each
	Workers int      // workers per task (--cpus-per-task)
	Name    string   // the sweep's name, for job names
	Points  int      // design points, for the header
	Extra   []string // further sbatch options, e.g. --qos=long, for every job

	// sbatch's resource options, for the array tasks and the merge job; ""
	// leaves the cluster's default.
	Time      string // --time, e.g. 02:00:00
	Mem       string // --mem, e.g. 4G
	Partition string // --partition
	Account   string // --account
	// TimeNote says where Time comes from (an estimate, or given), for the
	// script's header.
	TimeNote string
}

// ShardFiles are the outputs of the shards of a Slurm (or any) split of a
// sweep whose merged output is out: beside it, in OUT-STEM.shards/.
func ShardFiles(out string, n int) []string {
	ext := filepath.Ext(out)
	dir := strings.TrimSuffix(out, ext) + ".shards"
	files := make([]string, n)
	for k := 1; k <= n; k++ {
		files[k-1] = filepath.Join(dir, fmt.Sprintf("shard-%d-of-%d%s", k, n, ext))
	}
	return files
}

// LogDir is where the Slurm script sends the jobs' output.
func LogDir(out string) string {
	return strings.TrimSuffix(out, filepath.Ext(out)) + ".logs"
}

var jobNameRE = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// CheckOption checks a further sbatch option of SlurmOptions.Extra: one
// option, such as --qos=long or --comment=a b, on one line.
func CheckOption(x string) error {
	if !strings.HasPrefix(x, "-") || strings.ContainsAny(x, "\n\r") {
		return errors.New("want one sbatch option such as --qos=long")
	}
	return nil
}

// SlurmScript returns a bash script that is at once the sbatch script of a
// job array (task K runs `povsim sweep --shard K/N`) and, run with bash
// outside Slurm, submits that array and a merge job that depends on it
// (afterok) and writes the merged output.
func SlurmScript(o SlurmOptions) ([]byte, error) {
	if o.Shards < 1 {
		return nil, fmt.Errorf("--shards: got %d, want at least 1", o.Shards)
	}
	for _, p := range []string{o.Povsim, o.Sweep, o.Out, o.Cache, o.Script} {
		if !filepath.IsAbs(p) {
			return nil, fmt.Errorf("slurm script: %q is not an absolute path", p)
		}
	}
	for _, x := range o.Extra {
		if err := CheckOption(x); err != nil {
			return nil, fmt.Errorf("--slurm-option %q: %w", x, err)
		}
	}
	var opts []string // sbatch options of every job, as NAME=VALUE
	for _, r := range []struct{ flag, v string }{{"--time", o.Time}, {"--mem", o.Mem}, {"--partition", o.Partition}, {"--account", o.Account}} {
		if strings.ContainsAny(r.v, "\n\r") {
			return nil, fmt.Errorf("%s %q: want one value", r.flag, r.v)
		}
		if r.v != "" {
			opts = append(opts, r.flag+"="+r.v)
		}
	}
	opts = append(opts, o.Extra...)
	shardFiles := ShardFiles(o.Out, o.Shards)
	data := map[string]any{
		"Name":       o.Name,
		"Job":        "povsim-" + strings.Trim(jobNameRE.ReplaceAllString(o.Name, "-"), "-"),
		"Points":     o.Points,
		"Shards":     o.Shards,
		"Workers":    max(1, o.Workers),
		"Directives": directives(opts),
		"TimeNote":   wrapComment(o.TimeNote, 76),
		"Povsim":     shellQuote(o.Povsim),
		"Sweep":      shellQuote(o.Sweep),
		"Out":        shellQuote(o.Out),
		"Cache":      shellQuote(o.Cache),
		"Script":     shellQuote(o.Script),
		"ShardDir":   shellQuote(filepath.Dir(shardFiles[0])),
		"Ext":        shellQuote(filepath.Ext(o.Out)),
		"Logs":       shellQuote(LogDir(o.Out)),
		"LogPattern": sbatchQuote(slurmPattern(LogDir(o.Out)) + "/%x-%A_%a.out"),
		"ExtraQuote": quoteAll(opts),
	}
	var b bytes.Buffer
	if err := slurmTemplate.Execute(&b, data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// slurmPattern escapes % in a path for sbatch's filename patterns, where
// %j, %A, %x … are replaced.
func slurmPattern(path string) string { return strings.ReplaceAll(path, "%", "%%") }

// sbatchQuote quotes a value for an #SBATCH line: sbatch splits those lines
// at spaces unless the value is in double quotes, and has no escape for a
// double quote inside them.
func sbatchQuote(v string) string {
	if !strings.ContainsAny(v, " \t'\"") {
		return v
	}
	return `"` + strings.ReplaceAll(v, `"`, `'`) + `"`
}

// wrapComment wraps text into lines of at most width characters (words
// permitting), joined for a "# " comment.
func wrapComment(text string, width int) string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n# ")
}

// directives renders options NAME=VALUE as the values of #SBATCH lines.
func directives(opts []string) []string {
	d := make([]string, len(opts))
	for i, o := range opts {
		name, v, ok := strings.Cut(o, "=")
		if ok {
			d[i] = name + "=" + sbatchQuote(v)
		} else {
			d[i] = o
		}
	}
	return d
}

func quoteAll(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = shellQuote(x)
	}
	return strings.Join(q, " ")
}

var slurmTemplate = template.Must(template.New("slurm").Parse(`#!/usr/bin/env bash
# povsim sweep {{.Name}} on Slurm: {{.Points}} design points in {{.Shards}} shards.
# Generated by ` + "`povsim sweep --slurm`" + `.
#
# Submit everything with:   bash THIS-FILE
#   This submits the job array below (task K runs shard K/{{.Shards}} of the
#   design) and a merge job that starts once every task has succeeded
#   (--dependency=afterok) and writes the merged output, byte for byte what
#   one machine would write. It prints "array=ID merge=ID".
# After a failed task or a time limit:   bash THIS-FILE resubmit
#   This finds the shards whose output is missing, resubmits only those
#   tasks, and queues the merge after them. Every finished design point is
#   kept in the cache folder shared by the tasks, so nothing is redone.
# sbatch THIS-FILE submits the array alone; merge afterwards with
#   bash THIS-FILE merge      (runs the merge here, not as a job)
#
# Resources: --time, --mem, --partition and --account (povsim sweep flags of
# the same names) go to every job.{{if .TimeNote}}
# {{.TimeNote}}{{end}}
#
#SBATCH --job-name={{.Job}}
#SBATCH --array=1-{{.Shards}}
#SBATCH --ntasks=1
#SBATCH --cpus-per-task={{.Workers}}
#SBATCH --output={{.LogPattern}}
{{- range .Directives}}
#SBATCH {{.}}
{{- end}}
set -euo pipefail
# The jobs do what this script says, whatever the environment it was
# submitted from (sbatch passes that on): povsim's own variables
# (POVSIM_CONFIG, POVSIM_WORKERS, ...) are cleared.
for v in $(compgen -e POVSIM_); do unset "$v"; done

POVSIM={{.Povsim}}
SWEEP={{.Sweep}}
OUT={{.Out}}
CACHE={{.Cache}}
SHARDS={{.Shards}}
SHARD_DIR={{.ShardDir}}
EXT={{.Ext}}
LOGS={{.Logs}}
SELF={{.Script}}
# sbatch options of every job. Arrays are expanded as ${A[@]+"${A[@]}"}:
# bash up to 4.3 (RHEL/CentOS 7) calls an empty array unbound under set -u.
OPTS=({{.ExtraQuote}})

shard_file() { printf '%s/shard-%d-of-%d%s' "$SHARD_DIR" "$1" "$SHARDS" "$EXT"; }

if [[ "${1:-}" == merge ]]; then
    files=()
    for ((k = 1; k <= SHARDS; k++)); do files+=("$(shard_file "$k")"); done
    exec "$POVSIM" merge --out "$OUT" "${files[@]}"
fi

if [[ -n "${SLURM_ARRAY_TASK_ID:-}" ]]; then
    k="$SLURM_ARRAY_TASK_ID"
    exec "$POVSIM" sweep "$SWEEP" --shard "$k/$SHARDS" --out "$(shard_file "$k")" \
        --cache "$CACHE" --workers "${SLURM_CPUS_PER_TASK:-1}"
fi

if [[ -n "${SLURM_JOB_ID:-}" ]]; then
    echo "povsim: this script is a job array; submit it with: bash $SELF" >&2
    exit 2
fi

# Outside Slurm: submit the array (or, with resubmit, its missing tasks),
# then the merge job that waits for it.
command -v sbatch >/dev/null || { echo "povsim: sbatch not found: run this on a Slurm login node" >&2; exit 2; }
[[ -x "$POVSIM" ]] || { echo "povsim: $POVSIM is not an executable file here; compute nodes need it at this path (povsim sweep --slurm-binary)" >&2; exit 2; }
mkdir -p "$SHARD_DIR" "$LOGS" "$CACHE"
tasks=""
case "${1:-}" in
"") ;;
resubmit)
    for ((k = 1; k <= SHARDS; k++)); do
        [[ -f "$(shard_file "$k")" ]] || tasks="${tasks:+$tasks,}$k"
    done
    if [[ -z "$tasks" ]]; then
        echo "povsim: every shard's output is there; submitting the merge only" >&2
    fi
    ;;
*)
    echo "povsim: unknown mode ${1}: want no argument (submit), resubmit or merge" >&2
    exit 2
    ;;
esac
dependency=()
array=none
if [[ -z "${1:-}" || -n "$tasks" ]]; then
    array_opt=()
    [[ -z "$tasks" ]] || array_opt=("--array=$tasks")
    array="$(sbatch --parsable ${array_opt[@]+"${array_opt[@]}"} "$SELF")"
    array="${array%%;*}"
    dependency=("--dependency=afterok:$array" --kill-on-invalid-dep=yes)
fi
merge="$(sbatch --parsable --job-name={{.Job}}-merge --ntasks=1 \
    ${dependency[@]+"${dependency[@]}"} \
    --output="${LOGS//%/%%}/%x-%j.out" ${OPTS[@]+"${OPTS[@]}"} --wrap="bash $(printf '%q' "$SELF") merge")"
merge="${merge%%;*}"
if [[ "$array" == none ]]; then
    echo "povsim: submitted merge job $merge; output: $OUT" >&2
else
    echo "povsim: submitted job array $array (tasks ${tasks:-1-$SHARDS}) and merge job $merge; output: $OUT" >&2
fi
echo "array=$array merge=$merge"
`))
