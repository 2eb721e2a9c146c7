package export

import (
	"medborgardialog/disclosure"
	"medborgardialog/models"
)

// Counting from Columns gives a Tally the very counters Add would give it
// for the same responses, by another road. Add visits each response and
// each of its answers; Count first sorts the chosen rows by their
// combination of breakdown groups ("combo": one group per dimension), so
// that each question's column is read once, row by row, into a count per
// distinct value and combo. Each combo's counts then go to the blocks of
// its groups, and each distinct value's cells (what Add would increment
// for that value, found by Add's own code) get the count of the value.
// The record keys of a group are summed the same way, so every cell key,
// and with it every figure's noise, is the same as a scan gives.

// snapshot is the columns as they were when Count began.
type snapshot struct {
	n       int
	rk      []uint32
	flags   []uint8
	dims    [numDims]strSnap
	answers map[string]valSnap
	session uint32 // the code of the one session a class's release counts; 0 if none
	none    bool   // the filter asks for a session no response has
}

type strSnap struct {
	codes codeColumn
	vals  []string
}

type valSnap struct {
	codes codeColumn
	vals  []any
}

func (c *Columns) snapshot(f models.ResponseFilter) *snapshot {
	c.mu.RLock()
	defer c.mu.RUnlock()
	s := &snapshot{n: c.n, rk: c.rk[:c.n:c.n], flags: c.flags[:c.n:c.n], answers: make(map[string]valSnap, len(c.answers))}
	for d := range c.dims {
		col := &c.dims[d]
		s.dims[d] = strSnap{codes: col.codes.view(c.n), vals: col.vals[:len(col.vals):len(col.vals)]}
	}
	for id, col := range c.answers {
		s.answers[id] = valSnap{codes: col.codes.view(c.n), vals: col.vals[:len(col.vals):len(col.vals)]}
	}
	if f.Session != "" {
		code, ok := c.dims[dimSession].index[f.Session]
		s.session, s.none = code, !ok
	}
	return s
}

// count adds to t the responses kept that match f (its survey aside),
// leaving out excluded ones, exactly as Add would add each of them.
func (c *Columns) count(t *Tally, f models.ResponseFilter) {
	s := c.snapshot(f)
	sel := s.rows(t.filterOf(f))
	if len(sel) == 0 {
		return
	}
	t.n += len(sel)
	s.addSessions(t, sel)
	s.addLangs(t, sel)
	cb := s.combos(t, sel)
	for i := range t.lay.questions {
		ql := &t.lay.questions[i]
		switch ql.kind {
		case kindSkip:
		case kindGrid:
			s.countGrid(t, cb, ql)
		default:
			col, ok := s.answers[ql.q.ID]
			if !ok {
				continue
			}
			eff := newEffects(len(col.vals))
			for code, v := range col.vals {
				eff.add(code+1, t.effects(ql, v))
			}
			cb.count(t, col.codes, eff)
		}
	}
}

// rows lists the rows counted: not excluded, of the session asked for if
// any (compared as the database compares it, byte by byte), and in every
// group of gf, read by the breakdown rule from the session's value and
// the answer to the dimension question (dimGroups, as combos reads them).
func (s *snapshot) rows(gf groupFilter) []int32 {
	if s.none {
		return nil
	}
	var in []dimMatch
	for _, d := range gf {
		if d.b == nil {
			return nil
		}
		dg := s.dimGroups(d.b)
		m := dimMatch{dimGroups: dg, sessOK: make([]bool, len(dg.sessG)), ansOK: make([]bool, len(dg.ansG))}
		for code, g := range dg.sessG {
			m.sessOK[code] = g >= 0 && d.is(int(g))
		}
		for code, g := range dg.ansG {
			m.ansOK[code] = d.is(int(g))
		}
		in = append(in, m)
	}
	sel := make([]int32, 0, s.n)
rows:
	for i := range s.n {
		if s.flags[i]&flagExcluded != 0 {
			continue
		}
		if s.session != 0 && s.dims[dimSession].codes.get(i) != s.session {
			continue
		}
		for k := range in {
			if !in[k].has(i) {
				continue rows
			}
		}
		sel = append(sel, int32(i))
	}
	return sel
}

// dimMatch says, per code of a breakdown's session and answer columns,
// whether it puts a row in the group a filter names.
type dimMatch struct {
	dimGroups
	sessOK, ansOK []bool
}

func (m *dimMatch) has(row int) bool {
	if m.sessG != nil {
		code := m.sess.get(row)
		if m.sessG[code] >= 0 {
			return m.sessOK[code]
		}
	}
	if m.ansG != nil {
		return m.ansOK[m.ans.get(row)]
	}
	return false
}

func (s *snapshot) addSessions(t *Tally, sel []int32) {
	col := s.dims[dimSession]
	seen := make([]bool, len(col.vals)+1)
	for _, i := range sel {
		seen[col.codes.get(int(i))] = true
	}
	for code, ok := range seen {
		if code > 0 && ok {
			if _, dup := t.sessions[col.vals[code-1]]; !dup {
				t.sessions[col.vals[code-1]] = struct{}{}
			}
		}
	}
}

// addLangs counts the chosen rows per answering language, with the sum of
// their record keys, as Add does one response at a time.
func (s *snapshot) addLangs(t *Tally, sel []int32) {
	col := s.dims[dimLang]
	n := make([]int, len(col.vals)+1)
	keys := make([]uint32, len(col.vals)+1)
	for _, i := range sel {
		code := col.codes.get(int(i))
		n[code]++
		keys[code] += s.rk[i] // modulo 2^32, as disclosure.Group sums
	}
	for code, k := range n {
		if k == 0 {
			continue
		}
		v := ""
		if code > 0 {
			v = col.vals[code-1]
		}
		t.lang(v).add(k, keys[code])
	}
}

// combos groups the chosen rows by their breakdown groups.
type combos struct {
	order  []int32   // the chosen rows, combo by combo
	ends   []int32   // where each combo's rows end in order
	blocks [][]int32 // per combo, the blocks it counts in (0 is the total)
	all    [][]int   // per block, its counters
	nblock int
	// scratch for count
	cnt     []int32
	touched []uint32
	hist    []int32
}

// sessionDim is the column holding the session-carried value of a
// breakdown, or -1.
func sessionDim(name string) int {
	switch name {
	case DimSchool:
		return dimSchool
	case models.DimGrade:
		return dimGrade
	case models.DimArea:
		return dimArea
	}
	return -1
}

// dimGroups is the group of a breakdown per code of its columns: what
// breakdown.groupOf says of a response, decided once per distinct value.
type dimGroups struct {
	sess  codeColumn
	sessG []int32 // per code: the group; -1 for no value (the answer decides)
	ans   codeColumn
	ansG  []int32 // per code of the answer column: the group
}

func (s *snapshot) dimGroups(b *breakdown) dimGroups {
	var dg dimGroups
	if sd := sessionDim(b.name); b.sess != nil && sd >= 0 {
		col := s.dims[sd]
		dg.sess = col.codes
		dg.sessG = make([]int32, len(col.vals)+1)
		dg.sessG[0] = -1
		for code, v := range col.vals {
			dg.sessG[code+1] = int32(b.sessionGroup(v))
		}
	}
	if b.ql != nil {
		if col, ok := s.answers[b.ql.q.ID]; ok {
			dg.ans = col.codes
			dg.ansG = make([]int32, len(col.vals)+1)
			for code, v := range col.vals {
				dg.ansG[code+1] = int32(b.answerGroup(v))
			}
		}
	}
	return dg
}

// groupOf is the group of row, as breakdown.groupOf.
func (dg *dimGroups) groupOf(row int) int32 {
	if dg.sessG != nil {
		if g := dg.sessG[dg.sess.get(row)]; g >= 0 {
			return g
		}
	}
	if dg.ansG != nil {
		return dg.ansG[dg.ans.get(row)]
	}
	return 0
}

func (s *snapshot) combos(t *Tally, sel []int32) *combos {
	type dimBlocks struct {
		dimGroups
		base    int // first block of this dimension's groups
		ngroups int
	}
	dims := make([]dimBlocks, len(t.dims))
	nblock := 1
	for d, b := range t.dims {
		dg := &dims[d]
		dg.dimGroups = s.dimGroups(b)
		dg.ngroups = len(b.groups) // after every value of the columns found its group
		dg.base = nblock
		nblock += dg.ngroups
	}

	// Number each combination of groups seen, in a table where the
	// combinations are few enough, in a map otherwise.
	product := uint64(1)
	for _, dg := range dims {
		product *= uint64(dg.ngroups)
	}
	var table []int32
	var byKey map[uint64]int32
	if product <= 1<<16 {
		table = make([]int32, product)
		for i := range table {
			table[i] = -1
		}
	} else {
		byKey = map[uint64]int32{}
	}
	comboOf := make([]int32, len(sel))
	var tuples [][]int32 // per combo, its group per dimension
	var sizes []int32
	var keys []uint32
	tuple := make([]int32, len(dims))
	for j, row := range sel {
		key := uint64(0)
		for d := range dims {
			g := dims[d].groupOf(int(row))
			tuple[d] = g
			key = key*uint64(dims[d].ngroups) + uint64(g)
		}
		var id int32
		var ok bool
		if table != nil {
			id = table[key]
			ok = id >= 0
		} else {
			id, ok = byKey[key]
		}
		if !ok {
			id = int32(len(tuples))
			tuples = append(tuples, append([]int32(nil), tuple...))
			sizes = append(sizes, 0)
			keys = append(keys, 0)
			if table != nil {
				table[key] = id
			} else {
				byKey[key] = id
			}
		}
		comboOf[j] = id
		sizes[id]++
		keys[id] += s.rk[row] // modulo 2^32, as disclosure.Group sums
	}

	cb := &combos{nblock: nblock, all: make([][]int, nblock)}
	cb.all[0] = t.total
	cb.ends = make([]int32, len(tuples))
	var end int32
	for id, n := range sizes {
		end += n
		cb.ends[id] = end
	}
	next := make([]int32, len(tuples))
	for id := range next {
		next[id] = cb.ends[id] - sizes[id]
	}
	cb.order = make([]int32, len(sel))
	for j, row := range sel {
		id := comboOf[j]
		cb.order[next[id]] = row
		next[id]++
	}
	cb.blocks = make([][]int32, len(tuples))
	for id, tup := range tuples {
		bl := make([]int32, 1, 1+len(dims))
		keyOf := []*disclosure.Group{&t.totalKey}
		for d, g := range tup {
			bi := int32(dims[d].base) + g
			bl = append(bl, bi)
			grp := t.dims[d].groups[g]
			if grp.block == nil {
				grp.block = make([]int, t.lay.size)
			}
			cb.all[bi] = grp.block
			keyOf = append(keyOf, &grp.key)
		}
		cb.blocks[id] = bl
		for k, bi := range bl {
			cb.all[bi][0] += int(sizes[id])
			keyOf[k].Add(keys[id])
		}
	}
	return cb
}

// effects is, per code of a column, the cells a value increments; code 0
// (no answer) increments none.
type effects struct {
	off   []int32 // code -> start in cells; off[code+1] its end
	cells []int32
}

func newEffects(nvals int) *effects {
	off := make([]int32, 2, nvals+2)
	return &effects{off: off}
}

// add gives code, the next code after those added, its cells.
func (e *effects) add(code int, cells []int) {
	for len(e.off) < code+1 {
		e.off = append(e.off, int32(len(e.cells)))
	}
	for _, c := range cells {
		e.cells = append(e.cells, int32(c))
	}
	e.off = append(e.off, int32(len(e.cells)))
}

func (e *effects) of(code int) []int32 {
	if code+1 >= len(e.off) {
		return nil
	}
	return e.cells[e.off[code]:e.off[code+1]]
}

func (e *effects) codes() int { return len(e.off) - 1 }

// count adds the column's answers of the chosen rows to the blocks.
func (cb *combos) count(t *Tally, codes codeColumn, eff *effects) {
	ncodes := eff.codes()
	if ncodes <= 1 {
		return
	}
	cb.cnt = resize(cb.cnt, ncodes)
	cb.hist = resize(cb.hist, cb.nblock*ncodes)
	switch {
	case codes.u32 != nil:
		cb.histogram32(codes.u32, ncodes)
	case codes.u16 != nil:
		cb.histogram16(codes.u16, ncodes)
	default:
		cb.histogram8(codes.u8, ncodes)
	}
	for bi := range cb.nblock {
		blk := cb.all[bi]
		if blk == nil {
			continue
		}
		h := cb.hist[bi*ncodes : (bi+1)*ncodes]
		for code := 1; code < ncodes; code++ {
			k := int(h[code])
			if k == 0 {
				continue
			}
			for _, c := range eff.of(code) {
				blk[c] += k
			}
		}
	}
}

func resize(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n)
	}
	s = s[:n]
	clear(s)
	return s
}

func (cb *combos) histogram8(codes []uint8, ncodes int)   { histogram(cb, codes, ncodes) }
func (cb *combos) histogram16(codes []uint16, ncodes int) { histogram(cb, codes, ncodes) }
func (cb *combos) histogram32(codes []uint32, ncodes int) { histogram(cb, codes, ncodes) }

// histogram counts, per block, how many chosen rows hold each code: a
// combo's rows are counted first, then the count of each code it holds is
// added once to each of the combo's blocks.
func histogram[T uint8 | uint16 | uint32](cb *combos, codes []T, ncodes int) {
	start := int32(0)
	for id, end := range cb.ends {
		touched := cb.touched[:0]
		for _, row := range cb.order[start:end] {
			if int(row) >= len(codes) {
				continue
			}
			c := uint32(codes[row])
			if c == 0 || int(c) >= ncodes {
				continue
			}
			if cb.cnt[c] == 0 {
				touched = append(touched, c)
			}
			cb.cnt[c]++
		}
		for _, c := range touched {
			k := cb.cnt[c]
			cb.cnt[c] = 0
			for _, bi := range cb.blocks[id] {
				cb.hist[int(bi)*ncodes+int(c)] += k
			}
		}
		cb.touched = touched
		start = end
	}
}

// countGrid counts a grid from its rows' columns: each row like a
// question of its own, and the grid's "answered" cell for every response
// that gave any row an answer the grid recognises.
func (s *snapshot) countGrid(t *Tally, cb *combos, ql *qLayout) {
	var answered []uint8 // per row of the columns: 1 if a grid row was answered
	for r := range ql.q.Rows {
		col, ok := s.answers[gridKey(ql.q.ID, ql.q.Rows[r].Value)]
		if !ok {
			continue
		}
		eff := newEffects(len(col.vals))
		hit := make([]bool, len(col.vals)+1)
		for code, v := range col.vals {
			cells := t.rowEffects(ql, r, v)
			hit[code+1] = len(cells) > 0
			eff.add(code+1, cells)
		}
		cb.count(t, col.codes, eff)
		if answered == nil {
			answered = make([]uint8, s.n)
		}
		for _, row := range cb.order {
			if hit[col.codes.get(int(row))] {
				answered[row] = 1
			}
		}
	}
	if answered == nil {
		return
	}
	eff := newEffects(1)
	eff.add(1, []int{ql.off})
	cb.count(t, codeColumn{u8: answered}, eff)
}
