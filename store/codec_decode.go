package store

import (
	"encoding/binary"
	"fmt"
	"math"
	"reflect"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

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
