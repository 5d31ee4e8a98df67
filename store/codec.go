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
	"reflect"
	"sort"
	"strings"
	"sync"
	"time"
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
}

type structPlan struct {
	fields []fieldPlan
	byID   map[uint64]int // id → position in fields
	byName map[string]int
}

var plans sync.Map // reflect.Type → *structPlan

var timeType = reflect.TypeFor[time.Time]()

func planOf(t reflect.Type) *structPlan {
	if p, ok := plans.Load(t); ok {
		return p.(*structPlan)
	}
	p := &structPlan{byID: map[uint64]int{}, byName: map[string]int{}}
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
		fp := fieldPlan{index: i, name: name, id: fieldIDs[name]}
		if fp.id != 0 {
			p.byID[fp.id] = len(p.fields)
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
	// nested: the content, then its length in front
	var content []byte
	var err error
	switch v.Kind() {
	case reflect.Struct:
		content, err = c.appendStruct(nil, v)
	case reflect.Slice:
		for i := range v.Len() {
			e := v.Index(i)
			ewt, err := c.wireOf(e)
			if err != nil {
				return nil, err
			}
			content = binary.AppendUvarint(content, ewt)
			if content, err = c.appendValue(content, e, ewt); err != nil {
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
			content = appendString(content, k.String())
			content = binary.AppendUvarint(content, ewt)
			if content, err = c.appendValue(content, e, ewt); err != nil {
				return nil, err
			}
		}
	}
	if err != nil {
		return nil, err
	}
	b = binary.AppendUvarint(b, uint64(len(content)))
	return append(b, content...), nil
}

// decode decodes data into the struct pointed to by v.
func (c *codec) decode(data []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("store: decode needs a pointer to a struct")
	}
	return c.decodeStruct(data, rv.Elem())
}

type reader struct {
	b   []byte
	err error
}

var errShort = fmt.Errorf("record ends early")

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err, r.b = errShort, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err, r.b = errShort, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) bytes() []byte {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.b)) {
		r.err, r.b = errShort, nil
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (c *codec) decodeStruct(data []byte, v reflect.Value) error {
	p := planOf(v.Type())
	r := reader{b: data}
	for len(r.b) > 0 {
		h := r.uvarint()
		id, wt := h>>3, h&7
		pos, ok := -1, false
		if id == 0 {
			name := r.bytes()
			pos, ok = p.byName[string(name)]
		} else {
			pos, ok = p.byID[id]
		}
		if r.err != nil {
			return r.err
		}
		if !ok {
			if err := c.skip(&r, wt); err != nil {
				return err
			}
			continue
		}
		f := p.fields[pos]
		if err := c.decodeValue(&r, wt, v.Field(f.index)); err != nil {
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
		r.bytes()
	case wirePrefix:
		r.uvarint()
		r.bytes()
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
		s := r.bytes()
		switch {
		case v.Kind() == reflect.String:
			v.SetString(string(s))
		case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8:
			v.SetBytes(append([]byte(nil), s...))
		default:
			return bad()
		}
	case wirePrefix:
		i := r.uvarint()
		rest := r.bytes()
		if r.err != nil {
			return r.err
		}
		if i >= uint64(len(c.ctx)) || v.Kind() != reflect.String {
			return fmt.Errorf("bad context string %d", i)
		}
		v.SetString(c.ctx[i] + string(rest))
	case wireTime:
		sec, nsec, off := r.varint(), r.uvarint(), r.varint()
		if v.Type() != timeType {
			return bad()
		}
		if r.err == nil {
			v.Set(reflect.ValueOf(makeTime(sec, int64(nsec), int(off))))
		}
	case wireNested:
		content := r.bytes()
		if r.err != nil {
			return r.err
		}
		switch v.Kind() {
		case reflect.Struct:
			return c.decodeStruct(content, v)
		case reflect.Slice:
			cr := reader{b: content}
			s := reflect.MakeSlice(v.Type(), 0, 4)
			for len(cr.b) > 0 {
				ewt := cr.uvarint()
				e := reflect.New(v.Type().Elem()).Elem()
				if err := c.decodeValue(&cr, ewt, e); err != nil {
					return err
				}
				s = reflect.Append(s, e)
			}
			v.Set(s)
			return cr.err
		case reflect.Map:
			cr := reader{b: content}
			m := reflect.MakeMap(v.Type())
			for len(cr.b) > 0 {
				k := string(cr.bytes())
				ewt := cr.uvarint()
				e := reflect.New(v.Type().Elem()).Elem()
				if err := c.decodeValue(&cr, ewt, e); err != nil {
					return err
				}
				m.SetMapIndex(reflect.ValueOf(k).Convert(v.Type().Key()), e)
			}
			v.Set(m)
			return cr.err
		default:
			return bad()
		}
	default:
		return fmt.Errorf("unknown wire type %d", wt)
	}
	return r.err
}

var zones sync.Map // int offset → *time.Location

// makeTime is the time encoding/json gives for the RFC 3339 form of the
// instant sec.nsec at UTC offset off.
func makeTime(sec, nsec int64, off int) time.Time {
	t := time.Unix(sec, nsec)
	if off == 0 {
		return t.UTC()
	}
	if _, lo := t.In(time.Local).Zone(); lo == off {
		return t.In(time.Local)
	}
	z, ok := zones.Load(off)
	if !ok {
		z, _ = zones.LoadOrStore(off, time.FixedZone("", off))
	}
	return t.In(z.(*time.Location))
}
