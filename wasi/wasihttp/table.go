package wasihttp

import (
	"fmt"
	"sync"

	"github.com/weftwasm/weft/value"
)

// table holds the objects behind the wasi:http handles one Host gave out.
// A rep is an index plus one, so rep 0 is never valid; freed slots are
// reused.
type table struct {
	mu      sync.Mutex
	entries []tableEntry
	free    []uint32
}

type tableEntry struct {
	rt  *value.ResourceType
	obj any
}

func (t *table) add(rt *value.ResourceType, obj any) uint32 {
	t.mu.Lock()
	defer t.mu.Unlock()
	if n := len(t.free); n > 0 {
		i := t.free[n-1]
		t.free = t.free[:n-1]
		t.entries[i] = tableEntry{rt, obj}
		return i + 1
	}
	t.entries = append(t.entries, tableEntry{rt, obj})
	return uint32(len(t.entries))
}

func (t *table) entry(rt *value.ResourceType, rep uint32) (*tableEntry, error) {
	if rep == 0 || int(rep) > len(t.entries) || t.entries[rep-1].rt == nil {
		return nil, &TrapError{Func: "handle", Msg: fmt.Sprintf("%s handle %d is not live", rt.Name, rep)}
	}
	e := &t.entries[rep-1]
	if e.rt != rt {
		return nil, &TrapError{Func: "handle", Msg: fmt.Sprintf("handle %d is a %s, not a %s", rep, e.rt.Name, rt.Name)}
	}
	return e, nil
}

func (t *table) get(rt *value.ResourceType, rep uint32) (any, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, err := t.entry(rt, rep)
	if err != nil {
		return nil, err
	}
	return e.obj, nil
}

func (t *table) remove(rt *value.ResourceType, rep uint32) (any, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, err := t.entry(rt, rep)
	if err != nil {
		return nil, err
	}
	obj := e.obj
	*e = tableEntry{}
	t.free = append(t.free, rep-1)
	return obj, nil
}

// drain empties the table and returns what it held.
func (t *table) drain() []any {
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
