package scenarios

import (
	"sort"
	"strings"
)

// suggest returns up to three candidates close to word: within Levenshtein distance 2, or one a
// prefix of the other (at least three characters long), nearest first.
func suggest(word string, candidates []string) []string {
	w := strings.ToLower(word)
	type hit struct {
		s string
		d int
	}
	var hits []hit
	for _, c := range candidates {
		lc := strings.ToLower(c)
		if lc == w {
			continue
		}
		d := levenshtein(w, lc)
		switch {
		case d <= 2:
		case len(w) >= 3 && strings.HasPrefix(lc, w), len(lc) >= 3 && strings.HasPrefix(w, lc):
			d = 3 // after the typos
		default:
			continue
		}
		hits = append(hits, hit{c, d})
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].d != hits[j].d {
			return hits[i].d < hits[j].d
		}
		return hits[i].s < hits[j].s
	})
	var out []string
	for i := 0; i < len(hits) && i < 3; i++ {
		out = append(out, hits[i].s)
	}
	return out
}

// allowedWithSuggestion returns the text of a message's parentheses: "did you mean x?" when a
// candidate is close, followed by what is allowed.
func allowedWithSuggestion(word string, candidates []string, allowed string) string {
	s := suggest(word, candidates)
	if len(s) == 0 {
		return allowed
	}
	return "did you mean " + strings.Join(s, " or ") + "? " + allowed
}

// levenshtein returns the edit distance between a and b, counted in bytes (ids are ASCII).
func levenshtein(a, b string) int {
	if len(a) < len(b) {
		a, b = b, a
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
