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
	"sync/atomic"
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
