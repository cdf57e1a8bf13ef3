package main

import (
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// envName is the POVSIM_* variable of a flag.
func envName(flag string) string {
	return "POVSIM_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// origin names where the value of flag name came from, for messages about
// a value of the right type that is not one of the flag's: the command
// line ("--name"), a variable ("POVSIM_NAME (for --name)") or the --config
// file ("--config FILE: name").
func (f *runFlags) origin(cmd *cobra.Command, v *viper.Viper, name string) string {
	switch {
	case cmd.Flags().Changed(name):
	case os.Getenv(envName(name)) != "":
		return fmt.Sprintf("%s (for --%s)", envName(name), name)
	case f.config != "" && v.InConfig(name):
		return fmt.Sprintf("--config %s: %s", f.config, name)
	}
	return "--" + name
}

// checkLayers holds the POVSIM_* variables and the --config file to the
// strictness of the command line: each value must be of its flag's type
// (viper would read "ten" as 0). Errors name the variable or the file and
// key, the value, and what was expected.
func checkLayers(cmd *cobra.Command, v *viper.Viper, config string) error {
	var problems []string
	cmd.Flags().VisitAll(func(fl *pflag.Flag) {
		typ := fl.Value.Type()
		if s, ok := os.LookupEnv(envName(fl.Name)); ok && s != "" {
			if want := checkText(typ, s); want != "" {
				problems = append(problems, fmt.Sprintf("%s=%s: want %s (for --%s)", envName(fl.Name), s, want, fl.Name))
			}
		}
		if config != "" && v.InConfig(fl.Name) {
			if want := checkConfig(typ, v.Get(fl.Name)); want != "" {
				problems = append(problems, fmt.Sprintf("--config %s: %s: got %s, want %s", config, fl.Name, showValue(v.Get(fl.Name)), want))
			}
		}
	})
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "\n"))
	}
	return nil
}

// checkText checks a value written as text (a variable) for a flag of
// type typ, and says what was expected if it is not one ("" if it is).
func checkText(typ, s string) string {
	s = strings.TrimSpace(s)
	var err error
	switch typ {
	case "int":
		_, err = strconv.Atoi(s)
	case "uint64":
		_, err = strconv.ParseUint(s, 10, 64)
	case "float64":
		var x float64
		x, err = strconv.ParseFloat(s, 64)
		if err == nil && (math.IsNaN(x) || math.IsInf(x, 0)) {
			return "a finite number"
		}
	case "bool":
		_, err = strconv.ParseBool(s)
	case "intSlice":
		for _, part := range strings.Split(strings.Trim(s, "[]"), ",") {
			if _, e := strconv.Atoi(strings.TrimSpace(part)); e != nil {
				err = e
			}
		}
	}
	if err != nil {
		return typeWant(typ)
	}
	return ""
}

func typeWant(typ string) string {
	switch typ {
	case "int":
		return "a whole number"
	case "uint64":
		return "a whole number ≥ 0"
	case "float64":
		return "a number"
	case "bool":
		return "true or false"
	case "intSlice":
		return "whole numbers separated by commas"
	case "stringArray", "stringSlice":
		return "a list of texts"
	}
	return "text"
}

// checkConfig checks a value of the --config file (as YAML decoded it).
func checkConfig(typ string, x any) string {
	switch x := x.(type) {
	case string:
		if typ == "string" {
			return ""
		}
		if typ == "stringArray" || typ == "stringSlice" {
			return "" // one item
		}
		return checkText(typ, x)
	case int, int64, uint64:
		switch typ {
		case "int", "uint64", "float64", "string":
			if typ == "uint64" && fmt.Sprint(x)[0] == '-' {
				return typeWant(typ)
			}
			return ""
		}
	case float64:
		switch typ {
		case "float64", "string":
			return ""
		case "int", "uint64":
			if x == math.Trunc(x) && !math.IsInf(x, 0) && (typ == "int" || x >= 0) {
				return ""
			}
		}
	case bool:
		if typ == "bool" {
			return ""
		}
	case []any:
		switch typ {
		case "stringArray", "stringSlice":
			for _, e := range x {
				if _, ok := e.(string); !ok {
					return typeWant(typ)
				}
			}
			return ""
		case "intSlice":
			for _, e := range x {
				if _, ok := e.(int); !ok {
					return typeWant(typ)
				}
			}
			return ""
		}
	}
	return typeWant(typ)
}

func showValue(x any) string {
	switch x := x.(type) {
	case string:
		return strconv.Quote(x)
	case []any:
		return "a list"
	case map[string]any:
		return "a mapping"
	}
	return fmt.Sprint(x)
}
