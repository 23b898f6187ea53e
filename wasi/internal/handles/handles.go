// Package handles numbers the host resources a WASI host gives to one guest
// instance: a table from resource type and representation (the 32-bit
// "rep" a handle carries) to the Go object behind it.
//
//	var t handles.Table
//	rep := t.Add(streamType, s)
//	obj, err := t.Get(streamType, rep) // s
package handles

import (
	"fmt"
	"sync"

	"github.com/weftwasm/weft/value"
)

// Table holds the objects behind the handles a host gave out. A rep is an
// index into it plus one, so rep 0 is never valid; freed slots are reused.
// The zero Table is empty and ready; it is safe for concurrent use.
type Table struct {
	mu      sync.Mutex
	entries []entry
	free    []uint32
}

type entry struct {
	rt  *value.ResourceType
	obj any
}

// Error says that a handle is not live, or is live with another resource
// type than the one it was used as.
type Error struct {
	Rep  uint32
	Want *value.ResourceType
	Have *value.ResourceType // nil when the handle is not live
}

func (e *Error) Error() string {
	if e.Have == nil {
		return fmt.Sprintf("%s handle %d is not live", e.Want.Name, e.Rep)
	}
	return fmt.Sprintf("handle %d is a %s, not a %s", e.Rep, e.Have.Name, e.Want.Name)
}

// Add stores obj as a resource of type rt and returns its rep.
func (t *Table) Add(rt *value.ResourceType, obj any) uint32 {
	t.mu.Lock()
	defer t.mu.Unlock()
	if n := len(t.free); n > 0 {
		i := t.free[n-1]
		t.free = t.free[:n-1]
		t.entries[i] = entry{rt, obj}
		return i + 1
	}
	t.entries = append(t.entries, entry{rt, obj})
	return uint32(len(t.entries))
}

func (t *Table) entry(rt *value.ResourceType, rep uint32) (*entry, error) {
	if rep == 0 || int(rep) > len(t.entries) || t.entries[rep-1].rt == nil {
		return nil, &Error{Rep: rep, Want: rt}
	}
	e := &t.entries[rep-1]
	if e.rt != rt {
		return nil, &Error{Rep: rep, Want: rt, Have: e.rt}
	}
	return e, nil
}

// Get returns the object behind a live handle of type rt.
func (t *Table) Get(rt *value.ResourceType, rep uint32) (any, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, err := t.entry(rt, rep)
	if err != nil {
		return nil, err
	}
	return e.obj, nil
}

// Remove takes a live handle of type rt out of the table and returns its
// object; the rep may be given out again.
func (t *Table) Remove(rt *value.ResourceType, rep uint32) (any, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, err := t.entry(rt, rep)
	if err != nil {
		return nil, err
	}
	obj := e.obj
	*e = entry{}
	t.free = append(t.free, rep-1)
	return obj, nil
}

// Drain empties the table and returns what it held.
func (t *Table) Drain() []any {
	t.mu.Lock()
	defer t.mu.Unlock()
	var objs []any
	for _, e := range t.entries {
		if e.rt != nil {
			objs = append(objs, e.obj)
		}
	}
	t.entries, t.free = nil, nil
	return objs
}
