package store

// The compact record encoding of schema 2 (schema.go). It is generic: any
// struct of the sale package (events of every kind, sale records, and
// whatever a later event kind adds) is encoded by reflection over its
// fields, named by their JSON names, so a new field or event kind needs no
// change here. It is deterministic (one encoding for one value: fields in
// declaration order, map keys sorted, zero fields left out), so the hash
// chain can be taken over the bytes stored.
//
// A record is a sequence of fields, each
//
//	uvarint(id<<3 | wire type) [uvarint(len) name if id is 0] value
//
// where id is the field's JSON name's position+1 in fieldNames (schema.go),
// or 0 with the name written out for a name not in that list. Wire types:
//
//	0 uvarint       uint kinds, bool (1)
//	1 zigzag varint int kinds
//	2 bytes         string, []byte: uvarint(len) bytes
//	3 prefixed      string beginning with a context string of the journal
//	                (codec.ctx: "STORE-TERMINAL-", the store id, the
//	                terminal id): uvarint(ctx index) uvarint(len) rest
//	4 nested        struct, slice, map: uvarint(len) content; a struct's
//	                content is its fields, a slice's its elements
//	                (uvarint(wire type) value each), a map's its entries
//	                sorted by key (uvarint(len) key, uvarint(wire type) value)
//	5 time          zigzag(Unix seconds) uvarint(nanoseconds) zigzag(UTC
//	                offset in seconds)
//
// A field the decoding type does not have is skipped (its wire type says
// how long it is). Times decode as encoding/json decodes their RFC 3339
// form: UTC for offset 0, time.Local when the offset is Local's at that
// instant, otherwise a fixed zone.

import (
	"encoding/binary"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

const (
	wireUvarint = 0
	wireVarint  = 1
	wireBytes   = 2
	wirePrefix  = 3
	wireNested  = 4
	wireTime    = 5
)

// codec encodes and decodes records of one journal: ctx are its context
// strings (from its identity, which never changes).
type codec struct {
	ctx []string
}

func newCodec(storeID, terminalID string) *codec {
	return &codec{ctx: []string{storeID + "-" + terminalID + "-", storeID, terminalID}}
}

var fieldIDs = func() map[string]uint64 {
	m := make(map[string]uint64, len(fieldNames))
	for i, n := range fieldNames {
		if _, dup := m[n]; dup {
			panic("store: field name " + n + " listed twice")
		}
		m[n] = uint64(i + 1)
	}
	return m
}()

type fieldPlan struct {
	index int
	name  string
	id    uint64
	// For decoding without reflection: where the field is in its struct,
	// what kind of value it holds, and the plan of a struct it holds.
	offset uintptr
	fast   fastKind
	typ    reflect.Type
	child  atomic.Pointer[structPlan]
}

// fastKind is a field kind decoded by writing it in place.
type fastKind uint8

const (
	fastNone      fastKind = iota // through reflect
	fastString                    // string kinds
	fastInt                       // int, int64
	fastUint                      // uint, uint64
	fastBool                      // bool
	fastTime                      // time.Time
	fastStruct                    // a struct (not time.Time)
	fastPtrStruct                 // a pointer to such a struct
)

func fastKindOf(t reflect.Type) fastKind {
	switch {
	case t == timeType:
		return fastTime
	case t.Kind() == reflect.String:
		return fastString
	case (t.Kind() == reflect.Int || t.Kind() == reflect.Int64) && t.Size() == 8:
		return fastInt // int is 32 bits on 32-bit ARM: that goes through reflect
	case (t.Kind() == reflect.Uint || t.Kind() == reflect.Uint64) && t.Size() == 8:
		return fastUint
	case t.Kind() == reflect.Bool:
		return fastBool
	case t.Kind() == reflect.Struct:
		return fastStruct
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct && t.Elem() != timeType:
		return fastPtrStruct
	}
	return fastNone
}

// childPlan is the plan of the struct field f holds (fastStruct,
// fastPtrStruct), looked up once.
func (f *fieldPlan) childPlan() *structPlan {
	if c := f.child.Load(); c != nil {
		return c
	}
	t := f.typ
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	c := planOf(t)
	f.child.Store(c)
	return c
}

type structPlan struct {
	fields []*fieldPlan
	byIDs  []int16 // id → position in fields, -1 if none
	byName map[string]int
}

var plans sync.Map // reflect.Type → *structPlan

var timeType = reflect.TypeFor[time.Time]()

func planOf(t reflect.Type) *structPlan {
	if p, ok := plans.Load(t); ok {
		return p.(*structPlan)
	}
	p := &structPlan{byIDs: make([]int16, len(fieldNames)+1), byName: map[string]int{}}
	for i := range p.byIDs {
		p.byIDs[i] = -1
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name := f.Name
		if tag, ok := f.Tag.Lookup("json"); ok {
			n, _, _ := strings.Cut(tag, ",")
			if n == "-" {
				continue
			}
			if n != "" {
				name = n
			}
		}
		fp := &fieldPlan{index: i, name: name, id: fieldIDs[name], offset: f.Offset, fast: fastKindOf(f.Type), typ: f.Type}
		if fp.id != 0 {
			p.byIDs[fp.id] = int16(len(p.fields))
		}
		p.byName[name] = len(p.fields)
		p.fields = append(p.fields, fp)
	}
	plans.Store(t, p)
	return p
}

// encode returns the encoding of the struct (or pointer to struct) v,
// appended to b.
func (c *codec) encode(b []byte, v any) ([]byte, error) {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return nil, fmt.Errorf("store: cannot encode a %s as a record", rv.Type())
	}
	return c.appendStruct(b, rv)
}

func empty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Map, reflect.Slice:
		return v.Len() == 0
	case reflect.Pointer, reflect.Interface:
		return v.IsNil()
	}
	return v.IsZero()
}

func (c *codec) appendStruct(b []byte, v reflect.Value) ([]byte, error) {
	p := planOf(v.Type())
	for _, f := range p.fields {
		fv := v.Field(f.index)
		if empty(fv) {
			continue
		}
		wt, err := c.wireOf(fv)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.name, err)
		}
		if f.id != 0 {
			b = binary.AppendUvarint(b, f.id<<3|wt)
		} else {
			b = binary.AppendUvarint(b, wt)
			b = binary.AppendUvarint(b, uint64(len(f.name)))
			b = append(b, f.name...)
		}
		if b, err = c.appendValue(b, fv, wt); err != nil {
			return nil, fmt.Errorf("%s: %w", f.name, err)
		}
	}
	return b, nil
}

// wireOf is the wire type v is written with.
func (c *codec) wireOf(v reflect.Value) (uint64, error) {
	if v.Type() == timeType {
		return wireTime, nil
	}
	switch v.Kind() {
	case reflect.Bool, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return wireUvarint, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return wireVarint, nil
	case reflect.String:
		if c.prefixOf(v.String()) >= 0 {
			return wirePrefix, nil
		}
		return wireBytes, nil
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return wireBytes, nil
		}
		return wireNested, nil
	case reflect.Struct:
		return wireNested, nil
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			return 0, fmt.Errorf("cannot encode a map keyed by %s", v.Type().Key())
		}
		return wireNested, nil
	case reflect.Pointer:
		if v.IsNil() {
			return 0, fmt.Errorf("cannot encode a nil %s here", v.Type())
		}
		return c.wireOf(v.Elem())
	}
	return 0, fmt.Errorf("cannot encode a %s", v.Type())
}

// prefixOf is the index of the first context string s begins with, -1 if none.
func (c *codec) prefixOf(s string) int {
	for i, p := range c.ctx {
		if p != "" && strings.HasPrefix(s, p) {
			return i
		}
	}
	return -1
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func (c *codec) appendValue(b []byte, v reflect.Value, wt uint64) ([]byte, error) {
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	switch wt {
	case wireUvarint:
		if v.Kind() == reflect.Bool {
			if v.Bool() {
				return append(b, 1), nil
			}
			return append(b, 0), nil
		}
		return binary.AppendUvarint(b, v.Uint()), nil
	case wireVarint:
		return binary.AppendVarint(b, v.Int()), nil
	case wireBytes:
		if v.Kind() == reflect.String {
			return appendString(b, v.String()), nil
		}
		return appendString(b, string(v.Bytes())), nil
	case wirePrefix:
		s := v.String()
		i := c.prefixOf(s)
		b = binary.AppendUvarint(b, uint64(i))
		return appendString(b, s[len(c.ctx[i]):]), nil
	case wireTime:
		t := v.Interface().(time.Time)
		_, off := t.Zone()
		b = binary.AppendVarint(b, t.Unix())
		b = binary.AppendUvarint(b, uint64(t.Nanosecond()))
		return binary.AppendVarint(b, int64(off)), nil
	}
	// nested: its length in front of its content, which is written in
	// place after a one-byte length and moved on if the length needs more.
	start := len(b)
	b = append(b, 0)
	var err error
	switch v.Kind() {
	case reflect.Struct:
		b, err = c.appendStruct(b, v)
	case reflect.Slice:
		for i := range v.Len() {
			e := v.Index(i)
			ewt, err := c.wireOf(e)
			if err != nil {
				return nil, err
			}
			b = binary.AppendUvarint(b, ewt)
			if b, err = c.appendValue(b, e, ewt); err != nil {
				return nil, err
			}
		}
	case reflect.Map:
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		for _, k := range keys {
			e := v.MapIndex(k)
			ewt, err := c.wireOf(e)
			if err != nil {
				return nil, err
			}
			b = appendString(b, k.String())
			b = binary.AppendUvarint(b, ewt)
			if b, err = c.appendValue(b, e, ewt); err != nil {
				return nil, err
			}
		}
	}
	if err != nil {
		return nil, err
	}
	n := len(b) - start - 1
	if n < 0x80 {
		b[start] = byte(n)
		return b, nil
	}
	var lb [binary.MaxVarintLen64]byte
	k := binary.PutUvarint(lb[:], uint64(n))
	b = append(b, lb[1:k]...)               // room for the longer length
	copy(b[start+k:], b[start+1:start+1+n]) // the content moves on (copy is memmove)
	copy(b[start:], lb[:k])
	return b, nil
}

// decode decodes data into the struct pointed to by v.
func (c *codec) decode(data []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("store: decode needs a pointer to a struct")
	}
	r := newReader(data, string(data))
	return c.decodeStruct(&r, rv.Elem())
}

// reader reads a record from position i to end of b; s is the same bytes
// as b as one string (empty for a reader of numbers only), so that decoded
// strings are substrings of it: one allocation per record. Only i and end
// move as it reads (a nested part is read by narrowing end), so reading
// allocates nothing and writes no pointers.
type reader struct {
	b      []byte
	s      string
	i, end int
	err    error
}

func newReader(b []byte, s string) reader { return reader{b: b, s: s, end: len(b)} }

var errShort = fmt.Errorf("record ends early")

func (r *reader) more() bool { return r.i < r.end }

func (r *reader) fail() {
	r.err, r.i = errShort, r.end
}

func (r *reader) uvarint() uint64 {
	if r.i < r.end && r.b[r.i] < 0x80 {
		v := uint64(r.b[r.i])
		r.i++
		return v
	}
	v, n := binary.Uvarint(r.b[r.i:r.end])
	if n <= 0 {
		r.fail()
		return 0
	}
	r.i += n
	return v
}

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.b[r.i:r.end])
	if n <= 0 {
		r.fail()
		return 0
	}
	r.i += n
	return v
}

// span reads a length prefix and returns the part it covers, [from, to).
func (r *reader) span() (from, to int) {
	n := r.uvarint()
	if r.err != nil || n > uint64(r.end-r.i) {
		r.fail()
		return r.i, r.i
	}
	from, to = r.i, r.i+int(n)
	r.i = to
	return from, to
}

// enter reads a length prefix and narrows the reader to the part it
// covers; leave(old) steps past it.
func (r *reader) enter() (old int) {
	from, to := r.span()
	old = r.end
	if r.err == nil {
		r.i, r.end = from, to
	}
	return old
}

func (r *reader) leave(old int) {
	if r.err == nil && r.i != r.end {
		r.fail()
	}
	r.i, r.end = r.end, old
}

func (r *reader) str() string {
	from, to := r.span()
	if r.s == "" {
		return string(r.b[from:to])
	}
	return r.s[from:to]
}

func (c *codec) decodeStruct(r *reader, v reflect.Value) error {
	if v.CanAddr() {
		return c.decodeAt(r, planOf(v.Type()), v.Addr().UnsafePointer())
	}
	p := reflect.New(v.Type())
	if err := c.decodeAt(r, planOf(v.Type()), p.UnsafePointer()); err != nil {
		return err
	}
	v.Set(p.Elem())
	return nil
}

// decodeAt decodes the fields of a struct of plan p at base.
func (c *codec) decodeAt(r *reader, p *structPlan, base unsafe.Pointer) error {
	for r.more() {
		h := r.uvarint()
		id, wt := h>>3, h&7
		pos := -1
		if id == 0 {
			if i, ok := p.byName[r.str()]; ok {
				pos = i
			}
		} else if id < uint64(len(p.byIDs)) {
			pos = int(p.byIDs[id])
		}
		if r.err != nil {
			return r.err
		}
		if pos < 0 {
			if err := c.skip(r, wt); err != nil {
				return err
			}
			continue
		}
		f := p.fields[pos]
		at := unsafe.Add(base, f.offset)
		ok := true
		switch {
		case f.fast == fastString && wt == wireBytes:
			*(*string)(at) = r.str()
		case f.fast == fastString && wt == wirePrefix:
			i := r.uvarint()
			rest := r.str()
			if r.err == nil && i >= uint64(len(c.ctx)) {
				return fmt.Errorf("%s: bad context string %d", f.name, i)
			}
			if r.err == nil {
				if rest == "" {
					*(*string)(at) = c.ctx[i]
				} else {
					*(*string)(at) = c.ctx[i] + rest
				}
			}
		case f.fast == fastInt && wt == wireVarint:
			*(*int64)(at) = r.varint()
		case f.fast == fastUint && wt == wireUvarint:
			*(*uint64)(at) = r.uvarint()
		case f.fast == fastBool && wt == wireUvarint:
			*(*bool)(at) = r.uvarint() != 0
		case f.fast == fastTime && wt == wireTime:
			sec, nsec, off := r.varint(), r.uvarint(), r.varint()
			if r.err == nil {
				*(*time.Time)(at) = makeTime(sec, int64(nsec), int(off))
			}
		case f.fast == fastStruct && wt == wireNested:
			old := r.enter()
			if r.err == nil {
				if err := c.decodeAt(r, f.childPlan(), at); err != nil {
					return fmt.Errorf("%s: %w", f.name, err)
				}
			}
			r.leave(old)
		case f.fast == fastPtrStruct && wt == wireNested:
			old := r.enter()
			if r.err == nil {
				pp := (*unsafe.Pointer)(at)
				if *pp == nil {
					*pp = reflect.New(f.typ.Elem()).UnsafePointer()
				}
				if err := c.decodeAt(r, f.childPlan(), *pp); err != nil {
					return fmt.Errorf("%s: %w", f.name, err)
				}
			}
			r.leave(old)
		default:
			ok = false
		}
		if ok {
			if r.err != nil {
				return r.err
			}
			continue
		}
		if err := c.decodeValue(r, wt, reflect.NewAt(f.typ, at).Elem()); err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
	}
	return r.err
}

func (c *codec) skip(r *reader, wt uint64) error {
	switch wt {
	case wireUvarint:
		r.uvarint()
	case wireVarint:
		r.varint()
	case wireBytes, wireNested:
		r.span()
	case wirePrefix:
		r.uvarint()
		r.span()
	case wireTime:
		r.varint()
		r.uvarint()
		r.varint()
	default:
		return fmt.Errorf("unknown wire type %d", wt)
	}
	return r.err
}

func (c *codec) decodeValue(r *reader, wt uint64, v reflect.Value) error {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		v = v.Elem()
	}
	bad := func() error { return fmt.Errorf("wire type %d does not fit a %s", wt, v.Type()) }
	switch wt {
	case wireUvarint:
		u := r.uvarint()
		switch v.Kind() {
		case reflect.Bool:
			v.SetBool(u != 0)
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			v.SetUint(u)
		default:
			return bad()
		}
	case wireVarint:
		i := r.varint()
		switch v.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			v.SetInt(i)
		default:
			return bad()
		}
	case wireBytes:
		from, to := r.span()
		switch {
		case v.Kind() == reflect.String && r.s != "":
			v.SetString(r.s[from:to])
		case v.Kind() == reflect.String:
			v.SetString(string(r.b[from:to]))
		case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8:
			v.SetBytes(append([]byte(nil), r.b[from:to]...))
		default:
			return bad()
		}
	case wirePrefix:
		i := r.uvarint()
		rest := r.str()
		if r.err != nil {
			return r.err
		}
		if i >= uint64(len(c.ctx)) || v.Kind() != reflect.String {
			return fmt.Errorf("bad context string %d", i)
		}
		if rest == "" {
			v.SetString(c.ctx[i])
		} else {
			v.SetString(c.ctx[i] + rest)
		}
	case wireTime:
		sec, nsec, off := r.varint(), r.uvarint(), r.varint()
		if v.Type() != timeType {
			return bad()
		}
		if r.err == nil {
			t := makeTime(sec, int64(nsec), int(off))
			if v.CanAddr() {
				*(*time.Time)(v.Addr().UnsafePointer()) = t
			} else {
				v.Set(reflect.ValueOf(t))
			}
		}
	case wireNested:
		old := r.enter()
		if r.err != nil {
			return r.err
		}
		defer r.leave(old)
		switch v.Kind() {
		case reflect.Struct:
			return c.decodeStruct(r, v)
		case reflect.Slice:
			n := 0
			for probe := *r; probe.more() && probe.err == nil; n++ {
				if err := c.skip(&probe, probe.uvarint()); err != nil {
					return err
				}
			}
			s := reflect.MakeSlice(v.Type(), n, n)
			for i := 0; i < n; i++ {
				if err := c.decodeValue(r, r.uvarint(), s.Index(i)); err != nil {
					return err
				}
			}
			v.Set(s)
			return r.err
		case reflect.Map:
			m := reflect.MakeMap(v.Type())
			for r.more() {
				k := r.str()
				ewt := r.uvarint()
				e := reflect.New(v.Type().Elem()).Elem()
				if err := c.decodeValue(r, ewt, e); err != nil {
					return err
				}
				m.SetMapIndex(reflect.ValueOf(k).Convert(v.Type().Key()), e)
			}
			v.Set(m)
			return r.err
		default:
			return bad()
		}
	default:
		return fmt.Errorf("unknown wire type %d", wt)
	}
	return r.err
}

var zones sync.Map // int offset → *time.Location

// localSpan caches one span of time.Local with a fixed offset.
type localSpan struct {
	start, end int64 // Unix seconds, [start, end)
	off        int
}

var lastLocal atomic.Pointer[localSpan]

// isLocalOffset reports whether off is time.Local's offset at t.
func isLocalOffset(t time.Time, sec int64, off int) bool {
	if sp := lastLocal.Load(); sp != nil && sec >= sp.start && sec < sp.end {
		return sp.off == off
	}
	lt := t.In(time.Local)
	_, lo := lt.Zone()
	start, end := lt.ZoneBounds()
	sp := &localSpan{start: math.MinInt64, end: math.MaxInt64, off: lo}
	if !start.IsZero() {
		sp.start = start.Unix()
	}
	if !end.IsZero() {
		sp.end = end.Unix()
	}
	lastLocal.Store(sp)
	return lo == off
}

// makeTime is the time encoding/json gives for the RFC 3339 form of the
// instant sec.nsec at UTC offset off.
func makeTime(sec, nsec int64, off int) time.Time {
	t := time.Unix(sec, nsec)
	if off == 0 {
		return t.UTC()
	}
	if isLocalOffset(t, sec, off) {
		return t.In(time.Local)
	}
	z, ok := zones.Load(off)
	if !ok {
		z, _ = zones.LoadOrStore(off, time.FixedZone("", off))
	}
	return t.In(z.(*time.Location))
}
