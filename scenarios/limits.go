package scenarios

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Limits on what a config may hold. They keep the cost of reading a hostile or broken file small
// and bounded: viper's key search grows with the cube of the nesting depth, and every unknown key
// costs a "did you mean" search. Legitimate configs stay far below them.
const (
	// MaxConfigBytes is the largest config file read.
	MaxConfigBytes = 1 << 20
	// MaxConfigDepth is the deepest nesting of mappings and lists in a config file. The deepest
	// key of the config reference (scenarios[0].programs.ID.YEAR) is 5 levels down.
	MaxConfigDepth = 12
	// MaxConfigKeys is the largest number of keys in a config file: the YAML and TOML parsers
	// check each new key against the others, so their time grows with the square of the count.
	MaxConfigKeys = 5000
	// MaxErrors is the number of errors reported; the rest are counted ("and N more").
	MaxErrors = 20
	// MaxUncertainty is the largest relative standard deviation of drift and effectiveness.
	MaxUncertainty = 10
	// MaxShockImpact is the largest shock impact, in units of an indicator's yearly noise.
	MaxShockImpact = 100
	// MaxNameLength is the longest name: or scenario name, in characters.
	MaxNameLength = 100
)

// readConfigFile reads a config file of at most MaxConfigBytes.
func readConfigFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, readError(name, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxConfigBytes+1))
	if err != nil {
		return nil, readError(name, err)
	}
	if len(data) > MaxConfigBytes {
		return nil, &ConfigError{File: name, Msg: fmt.Sprintf("the file is larger than %d bytes (allowed: a config of at most 1 MiB; a scenario needs a few KB)", MaxConfigBytes)}
	}
	return data, nil
}

func readError(name string, err error) error {
	msg := err.Error()
	var pe *os.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	return &ConfigError{File: name, Msg: "cannot read the file: " + msg + " (allowed: an existing, readable YAML, TOML or JSON file)"}
}

// countKeys rejects a file with more than MaxConfigKeys keys before the YAML or TOML parser
// spends quadratic time on it. For TOML every key needs an '=', so counting them bounds the keys;
// YAML is read into nodes, which takes linear time, and the keys of its mappings are counted
// (aliases are not followed: the parser limits their expansion itself).
func countKeys(name, typ string, data []byte) error {
	n := 0
	switch typ {
	case "toml":
		n = bytes.Count(data, []byte("="))
	case "yaml":
		var doc yaml.Node
		if yaml.Unmarshal(data, &doc) != nil {
			return nil // a syntax error, reported by the parser
		}
		n = yamlKeys(&doc)
	}
	if n > MaxConfigKeys {
		return &ConfigError{File: name, Msg: fmt.Sprintf("the file has more than %d keys (allowed: at most %d; a scenario needs a few hundred)", MaxConfigKeys, MaxConfigKeys)}
	}
	return nil
}

func yamlKeys(n *yaml.Node) int {
	keys := 0
	if n.Kind == yaml.MappingNode {
		keys = len(n.Content) / 2
	}
	for _, c := range n.Content {
		keys += yamlKeys(c)
	}
	return keys
}

// checkShape rejects, before viper sees it, a parsed file that is empty or nested too deeply,
// and a JSON file that repeats a key (YAML and TOML parsers reject that themselves).
func checkShape(name, typ string, data []byte, raw any) error {
	if isEmpty(raw) {
		return &ConfigError{File: name, Msg: "the file sets nothing (allowed: a mapping of config keys, e.g. runs: 20000; leave out --config to run the default scenario)"}
	}
	if n := countAll(raw); n > MaxConfigKeys {
		return &ConfigError{File: name, Msg: fmt.Sprintf("the file has %d keys (allowed: at most %d; a scenario needs a few hundred)", n, MaxConfigKeys)}
	}
	if path, deep := tooDeep(raw, "", 1); deep {
		return &ConfigError{File: name, Key: path, Msg: fmt.Sprintf("nested more than %d levels deep (allowed: at most %d levels of mappings and lists)", MaxConfigDepth, MaxConfigDepth)}
	}
	if typ == "json" {
		return duplicateJSONKey(name, data)
	}
	return nil
}

func isEmpty(raw any) bool {
	v := reflect.ValueOf(raw)
	return !v.IsValid() || (v.Kind() == reflect.Map && v.Len() == 0)
}

// countAll counts the keys of every mapping in a parsed file.
func countAll(v any) int {
	rv := reflect.ValueOf(v)
	n := 0
	switch rv.Kind() {
	case reflect.Map:
		n = rv.Len()
		for _, k := range rv.MapKeys() {
			n += countAll(rv.MapIndex(k).Interface())
		}
	case reflect.Slice:
		for i := range rv.Len() {
			n += countAll(rv.Index(i).Interface())
		}
	}
	return n
}

// emptyKeyError reports the first key whose value is empty, or nil.
func emptyKeyError(name string, raw any) error {
	if path, empty := emptyKey(raw, ""); empty {
		return &ConfigError{File: name, Key: path, Msg: "sets nothing (allowed: a value; leave the key out to keep the default)"}
	}
	return nil
}

// emptyKey returns the first key whose value is empty (null or an empty mapping): viper drops
// such keys, so they would change nothing, not even report an unknown id.
func emptyKey(v any, path string) (string, bool) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Map {
		return "", false
	}
	keys := rv.MapKeys()
	slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
	for _, k := range keys {
		p := joinPath(path, fmt.Sprint(k.Interface()))
		if isEmpty(rv.MapIndex(k).Interface()) {
			return p, true
		}
		if p, ok := emptyKey(rv.MapIndex(k).Interface(), p); ok {
			return p, true
		}
	}
	return "", false
}

// tooDeep reports the first key path nested deeper than MaxConfigDepth.
func tooDeep(v any, path string, depth int) (string, bool) {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || (rv.Kind() != reflect.Map && rv.Kind() != reflect.Slice) {
		return "", false
	}
	if depth > MaxConfigDepth {
		return path, true
	}
	switch rv.Kind() {
	case reflect.Map:
		for _, k := range rv.MapKeys() {
			if p, deep := tooDeep(rv.MapIndex(k).Interface(), joinPath(path, fmt.Sprint(k.Interface())), depth+1); deep {
				return p, true
			}
		}
	case reflect.Slice:
		for i := range rv.Len() {
			if p, deep := tooDeep(rv.Index(i).Interface(), fmt.Sprintf("%s[%d]", path, i), depth+1); deep {
				return p, true
			}
		}
	}
	return "", false
}

// duplicateJSONKey reports the first key given twice in one JSON object: encoding/json would
// keep the last value silently.
func duplicateJSONKey(name string, data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	var walk func(path string) error
	walk = func(path string) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return err
				}
				key := kt.(string)
				p := joinPath(path, strings.ToLower(key))
				if seen[strings.ToLower(key)] {
					return &ConfigError{File: name, Key: p, Msg: fmt.Sprintf("key %q is given twice in one mapping (allowed: each key once)", key)}
				}
				seen[strings.ToLower(key)] = true
				if err := walk(p); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				if err := walk(fmt.Sprintf("%s[%d]", path, i)); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		}
		return nil
	}
	err := walk("")
	var ce *ConfigError
	if errors.As(err, &ce) {
		return ce
	}
	return nil // a syntax error, reported by the parser
}

// joinErrors joins at most MaxErrors errors and counts the rest, so that a config with a
// million mistakes prints a screenful, not a million lines.
func joinErrors(errs []error) error {
	if len(errs) <= MaxErrors {
		return errors.Join(errs...)
	}
	more := &ConfigError{Msg: fmt.Sprintf("and %d more errors (at most %d are listed; fix these first)", len(errs)-MaxErrors, MaxErrors)}
	return errors.Join(append(errs[:MaxErrors:MaxErrors], more)...)
}

// suggestFor returns allowedWithSuggestion's text while fewer than MaxErrors errors have been
// found, and the plain allowed text after that: those errors are not shown, and each search
// costs a pass over every candidate.
func suggestFor(found int, word string, candidates []string, allowed string) string {
	if found >= MaxErrors {
		return allowed
	}
	return allowedWithSuggestion(word, candidates, allowed)
}

// checkName reports what is wrong with a name: or scenario name, or "" when it is fine: names
// go into file headings, CSV cells and the terminal, so they must be printable text of at most
// MaxNameLength characters.
func checkName(s string) string {
	switch {
	case !utf8.ValidString(s):
		return "is not valid UTF-8 text"
	case utf8.RuneCountInString(s) > MaxNameLength:
		return fmt.Sprintf("is %d characters long", utf8.RuneCountInString(s))
	}
	for _, r := range s {
		if !unicode.IsGraphic(r) { // control and format characters (bidi overrides), line separators
			return "holds the control or invisible character " + strconv.QuoteRune(r)
		}
	}
	return ""
}

// Locate fills in the source of config errors found after loading (by the model, which knows
// keys but not files): each names the file, variable or flag that set its key.
func (c *Config) Locate(err error) error {
	var ce *ConfigError
	if errors.As(err, &ce) && ce.File == "" {
		ce.File = c.source(ce.Key)
	}
	return err
}

// Recheck validates a config that was not read by LoadConfig (the scenario a shard wrote into its
// partial result file) as LoadConfig would, and makes every error about it, here and in Resolve,
// name source: the file it was read from now.
func (c *Config) Recheck(source string) error {
	c.Sources = []string{source}
	c.origin = map[string]string{}
	if c.Workers != 0 {
		c.origin["workers"] = source // a value LoadConfig would have recorded as set
	}
	return joinErrors(c.check())
}
