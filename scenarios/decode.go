package scenarios

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/go-viper/mapstructure/v2"
	"github.com/pelletier/go-toml/v2"
	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"
)

// newViper returns a viper instance that does not split keys on dots, so an id such as
// "huzhou.cmi" stays one key (and is then reported as unknown) instead of becoming two levels.
func newViper() *viper.Viper {
	return viper.NewWithOptions(viper.KeyDelimiter("::"))
}

var formatNames = map[string]string{"yaml": "YAML", "toml": "TOML", "json": "JSON"}

// readSettings parses one file with viper and checks it on its own: unknown keys (with "did you
// mean") and wrong types are reported against this file. It returns viper's settings map.
func readSettings(name, typ string, data []byte) (map[string]any, []error) {
	// The raw parse comes first: it finds what viper would drop (keys whose value is empty or
	// null are unknown keys too) and lets checkShape reject a file before viper's costly key
	// search sees it.
	if err := countKeys(name, typ, data); err != nil {
		return nil, []error{err}
	}
	raw, err := parseRaw(typ, data)
	if err != nil {
		return nil, []error{parseError(name, typ, err)}
	}
	if err := checkShape(name, typ, data, raw); err != nil {
		return nil, []error{err}
	}
	v := newViper()
	v.SetConfigType(typ)
	if err := v.ReadConfig(bytes.NewReader(data)); err != nil {
		return nil, []error{parseError(name, typ, err)}
	}
	var errs []error
	unknownKeys(name, "", raw, reflect.TypeOf(Config{}), &errs)
	if len(errs) == 0 {
		if err := emptyKeyError(name, raw); err != nil {
			errs = append(errs, err)
		}
	}
	settings := v.AllSettings()
	var scratch Config
	errs = append(errs, decodeInto(settings, &scratch, name, len(errs) > 0)...)
	return settings, errs
}

func parseError(name, typ string, err error) error {
	msg := err.Error()
	var pe viper.ConfigParseError
	if errors.As(err, &pe) {
		if u := errors.Unwrap(pe); u != nil {
			msg = u.Error()
		}
	}
	msg = strings.Join(strings.Fields(strings.TrimPrefix(msg, "While parsing config: ")), " ")
	f := formatNames[typ]
	return &ConfigError{File: name, Msg: fmt.Sprintf("cannot parse as %s: %s (allowed: a valid %s file whose top level is a mapping)", f, msg, f)}
}

// parseRaw decodes a file with the parser viper uses for its type.
func parseRaw(typ string, data []byte) (any, error) {
	var out any
	var err error
	switch typ {
	case "yaml":
		err = yaml.Unmarshal(data, &out)
	case "toml":
		var m map[string]any
		err = toml.Unmarshal(data, &m)
		out = m
	case "json":
		if len(bytes.TrimSpace(data)) > 0 {
			err = json.Unmarshal(data, &out)
		}
	}
	return out, err
}

// decodeStrict decodes a merged settings map into c. Each file was checked on its own before,
// so errors here are unexpected; they are reported against the file that set the key.
func decodeStrict(settings map[string]any, c *Config) []error {
	errs := decodeInto(settings, c, "", false)
	for _, e := range errs {
		var ce *ConfigError
		if errors.As(e, &ce) && ce.File == "" {
			ce.File = c.source(ce.Key)
		}
	}
	return errs
}

// decodeInto decodes settings into out with mapstructure: no weak typing (a quoted number is
// an error), unknown keys are errors, year keys are parsed by a hook.
func decodeInto(settings map[string]any, out *Config, file string, skipUnused bool) []error {
	dec, err := mapstructure.NewDecoder(&mapstructure.DecoderConfig{
		DecodeHook:       mapstructure.ComposeDecodeHookFunc(yearKeyHook, wholeNumberHook),
		ErrorUnused:      true,
		WeaklyTypedInput: false,
		Result:           out,
		TagName:          "mapstructure",
	})
	if err != nil {
		return []error{&ConfigError{File: file, Msg: "internal error: " + err.Error()}}
	}
	err = dec.Decode(settings)
	if err == nil {
		return nil
	}
	var errs []error
	for _, leaf := range leafErrors(err) {
		var de *mapstructure.DecodeError
		if !errors.As(leaf, &de) {
			errs = append(errs, &ConfigError{File: file, Msg: leaf.Error()})
			continue
		}
		path := displayPath(de.Name())
		inner := de.Unwrap()
		msg := inner.Error()
		var ute *mapstructure.UnconvertibleTypeError
		var pe *mapstructure.ParseError
		switch {
		case strings.HasPrefix(msg, "has invalid keys: "):
			if skipUnused {
				continue
			}
			msg = "unknown keys " + strings.TrimPrefix(msg, "has invalid keys: ") + " (allowed: " + strings.Join(fieldNames(typeAt(path)), ", ") + ")"
		case strings.HasPrefix(msg, "expected a map or struct"), strings.HasPrefix(msg, "source data must be an array or slice"):
			_, got, _ := strings.Cut(msg, "got ")
			msg = fmt.Sprintf("wrong type: got %s (allowed: %s)", kindText(strings.Trim(got, `"`)), describeType(typeAt(path)))
		case errors.As(inner, &ute):
			msg = wrongType(ute.Value, ute.Expected.Type())
		case errors.As(inner, &pe):
			msg = fmt.Sprintf("%s is not valid: %v (allowed: %s)", describeValue(pe.Value), pe.Err, describeType(pe.Expected.Type()))
		}
		errs = append(errs, &ConfigError{File: file, Key: path, Msg: msg})
	}
	slices.SortStableFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
	return errs
}

// leafErrors flattens joined and wrapped errors down to mapstructure's DecodeErrors.
func leafErrors(err error) []error {
	if de, ok := err.(*mapstructure.DecodeError); ok {
		if j, ok := de.Unwrap().(interface{ Unwrap() []error }); ok {
			return leafErrors(errors.Join(j.Unwrap()...))
		}
		return []error{err}
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, leafErrors(e)...)
		}
		return out
	}
	if u := errors.Unwrap(err); u != nil {
		return leafErrors(u)
	}
	return []error{err}
}

var yearType = reflect.TypeOf(Year(0))

// yearKeyHook turns a year map key, which viper delivers as a string, into a Year.
func yearKeyHook(from, to reflect.Type, data any) (any, error) {
	if to != yearType || from.Kind() != reflect.String {
		return data, nil
	}
	s := data.(string)
	if s == "" || len(s) > 4 || strings.Trim(s, "0123456789") != "" {
		return nil, fmt.Errorf("%q is not a year (allowed: a year written with digits, e.g. 2025)", s)
	}
	y, _ := strconv.Atoi(s)
	return y, nil
}

// wholeNumberHook rejects a fractional number where a whole number is wanted (JSON delivers every
// number as a float64; mapstructure would truncate it silently).
func wholeNumberHook(from, to reflect.Type, data any) (any, error) {
	if from.Kind() != reflect.Float64 && from.Kind() != reflect.Float32 {
		return data, nil
	}
	f := reflect.ValueOf(data).Float()
	switch to.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if f != math.Trunc(f) || math.Abs(f) >= 1<<63 {
			return nil, fmt.Errorf("%v is not a whole number (allowed: %s)", f, describeType(to))
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if f != math.Trunc(f) || f < 0 || f >= 1<<64 {
			return nil, fmt.Errorf("%v is not a whole number ≥ 0 (allowed: %s)", f, describeType(to))
		}
		if f > 1<<53 {
			return nil, fmt.Errorf("%v is too large to be exact as a JSON number (allowed: up to 9007199254740992 in JSON; use YAML or TOML for larger values)", f)
		}
	}
	return data, nil
}

func wrongType(v any, want reflect.Type) string {
	msg := fmt.Sprintf("wrong type: got %s (allowed: %s", describeValue(v), describeType(want))
	if _, isString := v.(string); isString && isNumberKind(want) {
		msg += ", written without quotes"
	}
	return msg + ")"
}

func isNumberKind(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

func describeValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "nothing"
	case string:
		return fmt.Sprintf("text %q", x)
	case bool:
		return fmt.Sprintf("true/false value %v", x)
	}
	switch reflect.ValueOf(v).Kind() {
	case reflect.Map:
		return "a mapping"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return fmt.Sprintf("whole number %v", v)
	case reflect.Float32, reflect.Float64:
		return fmt.Sprintf("number %v", v)
	}
	return fmt.Sprintf("%v", v)
}

// kindText names a reflect.Kind's string for users.
func kindText(kind string) string {
	switch {
	case kind == "string":
		return "text"
	case kind == "bool":
		return "true/false"
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"):
		return "a whole number"
	case strings.HasPrefix(kind, "float"):
		return "a number"
	case kind == "slice", kind == "array":
		return "a list"
	case kind == "map", kind == "struct":
		return "a mapping"
	}
	return kind
}

func describeType(t reflect.Type) string {
	if t == nil {
		return "see the config reference"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == yearType {
		return "a year, e.g. 2025"
	}
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "a whole number"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return fmt.Sprintf("a whole number from 0 to %d", uint64(math.MaxUint64)>>(64-t.Bits()))
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.String {
			return "a list of ids, e.g. [a, b]"
		}
		return "a list of mappings, e.g. [{...}, {...}]"
	case reflect.Map:
		if t.Key() == yearType {
			return "a mapping of years to numbers, e.g. {2023: 100, 2024: 120}"
		}
		return "a mapping of ids to " + strings.TrimPrefix(describeType(t.Elem()), "a ")
	case reflect.Struct:
		return "a mapping with keys " + strings.Join(fieldNames(t), ", ")
	}
	return t.String()
}

// structFields returns a struct type's config keys and their types, with squashed embedded
// structs flattened.
func structFields(t reflect.Type) (names []string, types map[string]reflect.Type) {
	types = map[string]reflect.Type{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := f.Tag.Get("mapstructure")
			name, opts, _ := strings.Cut(tag, ",")
			if name == "-" || !f.IsExported() {
				continue
			}
			if strings.Contains(opts, "squash") {
				walk(f.Type)
				continue
			}
			if name == "" {
				name = strings.ToLower(f.Name)
			}
			names = append(names, name)
			types[name] = f.Type
		}
	}
	walk(t)
	return names, types
}

func fieldNames(t reflect.Type) []string {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	names, _ := structFields(t)
	return names
}

// pathSegment is one step of a key path: a key of a mapping or an index of a list.
type pathSegment struct {
	key   string
	index bool
}

// splitMapstructureName parses mapstructure's field names such as
// "overrides[huzhou_cmi_tertiary].targets[0].test" into segments.
func splitMapstructureName(name string) []pathSegment {
	var segs []pathSegment
	for len(name) > 0 {
		switch name[0] {
		case '.':
			name = name[1:]
		case '[':
			end := strings.IndexByte(name, ']')
			// A key may itself contain ']' only in pathological input; take the last ']' that
			// is followed by '.', '[' or the end.
			for end >= 0 && end+1 < len(name) && name[end+1] != '.' && name[end+1] != '[' {
				next := strings.IndexByte(name[end+1:], ']')
				if next < 0 {
					end = -1
					break
				}
				end += next + 1
			}
			if end < 0 {
				segs = append(segs, pathSegment{key: name[1:]})
				return segs
			}
			segs = append(segs, pathSegment{key: name[1:end], index: true})
			name = name[end+1:]
		default:
			end := strings.IndexAny(name, ".[")
			if end < 0 {
				end = len(name)
			}
			segs = append(segs, pathSegment{key: name[:end]})
			name = name[end:]
		}
	}
	return segs
}

// displayPath turns a mapstructure field name into the key path users see: mapping keys joined
// with dots, list indices in brackets ("overrides.huzhou_cmi_tertiary.targets[0].test").
func displayPath(name string) string {
	segs := splitMapstructureName(name)
	t := reflect.TypeOf(Config{})
	var b strings.Builder
	for _, s := range segs {
		for t != nil && t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		isList := t != nil && t.Kind() == reflect.Slice
		if s.index && isList {
			b.WriteString("[" + s.key + "]")
		} else {
			p := joinPath(b.String(), s.key)
			b.Reset()
			b.WriteString(p)
		}
		t = childType(t, s.key)
	}
	return b.String()
}

// childType returns the type one step below t, or nil when unknown.
func childType(t reflect.Type, key string) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		_, types := structFields(t)
		return types[strings.ToLower(key)]
	case reflect.Map, reflect.Slice:
		return t.Elem()
	}
	return nil
}

// typeAt returns the type at a display path, or nil.
func typeAt(path string) reflect.Type {
	t := reflect.TypeOf(Config{})
	for _, s := range splitDisplayPath(path) {
		t = childType(t, s)
	}
	return t
}

func splitDisplayPath(path string) []string {
	var out []string
	for path != "" {
		switch path[0] {
		case '.':
			path = path[1:]
		case '"':
			q, err := strconv.QuotedPrefix(path)
			if err != nil {
				return append(out, path)
			}
			k, _ := strconv.Unquote(q)
			out = append(out, k)
			path = path[len(q):]
		case '[':
			end := strings.IndexByte(path, ']')
			if end < 0 {
				return append(out, path[1:])
			}
			out = append(out, path[1:end])
			path = path[end+1:]
		default:
			end := strings.IndexAny(path, ".[")
			if end < 0 {
				end = len(path)
			}
			out = append(out, path[:end])
			path = path[end:]
		}
	}
	return out
}

// parentPath strips the last segment of a display path.
func parentPath(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i < 0 {
		return ""
	}
	return p[:i]
}

// joinPath appends a key to a display path; a key that is empty or holds '.', '[', ']' or '"'
// is quoted so that the path stays readable.
func joinPath(prefix, key string) string {
	if key == "" || strings.ContainsAny(key, ".[]\" \t") {
		key = strconv.Quote(key)
	}
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// recordOrigin notes, for every mapping key path in settings, the source that set it. Lists are
// replaced whole by a later file, so their items are not recorded: they take the list's source.
func recordOrigin(origin map[string]string, prefix string, v any, src string) {
	m, ok := v.(map[string]any)
	if !ok {
		return
	}
	for k, val := range m {
		p := joinPath(prefix, k)
		origin[p] = src
		recordOrigin(origin, p, val, src)
	}
}

// unknownKeys walks a raw parsed value against the type it decodes into and reports every key
// that type does not have, with "did you mean" for near misses.
func unknownKeys(file, path string, v any, t reflect.Type, errs *[]error) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		if rv.Kind() != reflect.Map {
			return // a type error, reported by the decoder
		}
		names, types := structFields(t)
		keys := rv.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
		for _, k := range keys {
			key := strings.ToLower(fmt.Sprint(k.Interface()))
			ft, ok := types[key]
			p := joinPath(path, key)
			if !ok {
				allowed := "allowed: " + strings.Join(names, ", ")
				*errs = append(*errs, &ConfigError{File: file, Key: p, Msg: fmt.Sprintf("unknown key %q (%s)", key, suggestFor(len(*errs), key, names, allowed))})
				continue
			}
			unknownKeys(file, p, rv.MapIndex(k).Interface(), ft, errs)
		}
	case reflect.Map:
		if rv.Kind() != reflect.Map {
			return
		}
		for _, k := range rv.MapKeys() {
			key := strings.ToLower(fmt.Sprint(k.Interface()))
			unknownKeys(file, joinPath(path, key), rv.MapIndex(k).Interface(), t.Elem(), errs)
		}
	case reflect.Slice:
		if rv.Kind() != reflect.Slice {
			return
		}
		for i := 0; i < rv.Len(); i++ {
			unknownKeys(file, fmt.Sprintf("%s[%d]", path, i), rv.Index(i).Interface(), t.Elem(), errs)
		}
	}
}
