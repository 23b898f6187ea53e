package wit

import "iter"

// OrderedMap is a map that remembers insertion order. The zero value is an
// empty map ready to use. WIT keeps source order everywhere (package
// contents, interface types and functions, world imports and exports), so
// the resolved model stores its named collections in this type.
type OrderedMap[K comparable, V any] struct {
	keys  []K
	index map[K]int // built once the map outgrows a linear scan
	vals  []V
}

// linearMax is the size up to which lookups scan the keys instead of
// keeping an index; most WIT scopes are small.
const linearMax = 8

func (m *OrderedMap[K, V]) find(k K) (int, bool) {
	if m.index != nil {
		i, ok := m.index[k]
		return i, ok
	}
	for i := range m.keys {
		if m.keys[i] == k {
			return i, true
		}
	}
	return 0, false
}

// Len returns the number of entries.
func (m *OrderedMap[K, V]) Len() int { return len(m.keys) }

// Get returns the value stored under k.
func (m *OrderedMap[K, V]) Get(k K) (V, bool) {
	if i, ok := m.find(k); ok {
		return m.vals[i], true
	}
	var zero V
	return zero, false
}

// Has reports whether k is present.
func (m *OrderedMap[K, V]) Has(k K) bool {
	_, ok := m.find(k)
	return ok
}

// Set stores v under k, keeping k's position if it is already present and
// appending it otherwise. It reports whether k was already present.
func (m *OrderedMap[K, V]) Set(k K, v V) bool {
	if i, ok := m.find(k); ok {
		m.vals[i] = v
		return true
	}
	m.keys = append(m.keys, k)
	m.vals = append(m.vals, v)
	switch {
	case m.index != nil:
		m.index[k] = len(m.keys) - 1
	case len(m.keys) > linearMax:
		m.index = make(map[K]int, 2*len(m.keys))
		for i, key := range m.keys {
			m.index[key] = i
		}
	}
	return false
}

// Delete removes k, keeping the order of the other entries.
func (m *OrderedMap[K, V]) Delete(k K) {
	i, ok := m.find(k)
	if !ok {
		return
	}
	m.keys = append(m.keys[:i], m.keys[i+1:]...)
	m.vals = append(m.vals[:i], m.vals[i+1:]...)
	if m.index != nil {
		delete(m.index, k)
		for j := i; j < len(m.keys); j++ {
			m.index[m.keys[j]] = j
		}
	}
}

// Keys returns the keys in order.
func (m *OrderedMap[K, V]) Keys() []K { return m.keys }

// At returns the i-th entry.
func (m *OrderedMap[K, V]) At(i int) (K, V) { return m.keys[i], m.vals[i] }

// All iterates over the entries in order.
func (m *OrderedMap[K, V]) All() iter.Seq2[K, V] {
	return func(yield func(K, V) bool) {
		for i, k := range m.keys {
			if !yield(k, m.vals[i]) {
				return
			}
		}
	}
}

// Clone returns a copy of the map.
func (m *OrderedMap[K, V]) Clone() OrderedMap[K, V] {
	c := OrderedMap[K, V]{keys: append([]K(nil), m.keys...), vals: append([]V(nil), m.vals...)}
	if m.index != nil {
		c.index = make(map[K]int, len(m.index))
		for k, i := range m.index {
			c.index[k] = i
		}
	}
	return c
}
