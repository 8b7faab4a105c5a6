package warehouse

import (
	"sort"
	"strings"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
)

// scope is the set of columns an expression can name, with the enclosing
// query's scope for correlated subqueries.
type scope struct {
	cols   []colInfo
	parent *scope
	// boundary marks the scope of a subquery: crossing it to resolve a name
	// reaches the enclosing query's current row, one level further out.
	boundary bool
	// correlated is set on a boundary when a name inside the subquery was
	// resolved outside it.
	correlated bool
}

// matches reports whether column c is named by parts (qualifier parts then
// the column name).
func (c colInfo) matches(parts []string) bool {
	if !strings.EqualFold(c.name, parts[len(parts)-1]) {
		return false
	}
	q := parts[:len(parts)-1]
	if len(q) > len(c.qual) {
		return false
	}
	off := len(c.qual) - len(q)
	for i, p := range q {
		if !strings.EqualFold(c.qual[off+i], p) {
			return false
		}
	}
	return true
}

// lookup finds the columns of sc named by parts.
func (sc *scope) lookup(parts []string) []int {
	var out []int
	for i, c := range sc.cols {
		if c.matches(parts) {
			out = append(out, i)
		}
	}
	return out
}

// resolve finds a column in sc or an enclosing scope.
func (sc *scope) resolve(parts []string) (expr, error) {
	depth := 0
	var crossed []*scope
	for s := sc; s != nil; s = s.parent {
		hits := s.lookup(parts)
		switch {
		case len(hits) > 1:
			names := make([]string, len(hits))
			for i, h := range hits {
				names[i] = s.cols[h].display()
			}
			return nil, errclass.New("AMBIGUOUS_REFERENCE", "Reference %s is ambiguous, could be: [%s].",
				errclass.Ident(parts...), strings.Join(names, ", "))
		case len(hits) == 1:
			c := s.cols[hits[0]]
			if depth == 0 {
				return &colExpr{idx: hits[0], t: c.t}, nil
			}
			for _, x := range crossed {
				x.correlated = true
			}
			return &outerExpr{depth: depth, idx: hits[0], t: c.t}, nil
		}
		if s.boundary {
			depth++
			crossed = append(crossed, s)
		}
	}
	return nil, sc.unresolved(parts)
}

func (c colInfo) display() string {
	if len(c.qual) == 0 {
		return errclass.Ident(c.name)
	}
	return errclass.Ident(c.qual[len(c.qual)-1], c.name)
}

// unresolved builds UNRESOLVED_COLUMN with Spark's suggestions: the columns
// in scope, most similar first, at most five.
func (sc *scope) unresolved(parts []string) error {
	name := errclass.Ident(parts...)
	if len(sc.cols) == 0 {
		return errclass.New("UNRESOLVED_COLUMN.WITHOUT_SUGGESTION",
			"A column, variable, or function parameter with name %s cannot be resolved.", name)
	}
	type cand struct {
		s string
		d int
	}
	want := strings.ToLower(parts[len(parts)-1])
	cands := make([]cand, len(sc.cols))
	for i, c := range sc.cols {
		cands[i] = cand{c.display(), levenshtein(want, strings.ToLower(c.name))}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].d < cands[j].d })
	if len(cands) > 5 {
		cands = cands[:5]
	}
	names := make([]string, len(cands))
	for i, c := range cands {
		names[i] = c.s
	}
	return errclass.New("UNRESOLVED_COLUMN.WITH_SUGGESTION",
		"A column, variable, or function parameter with name %s cannot be resolved. Did you mean one of the following? [%s].",
		name, strings.Join(names, ", "))
}

func levenshtein(a, b string) int {
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
