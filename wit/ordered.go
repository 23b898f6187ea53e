package wit

import "iter"

// OrderedMap is a map that remembers insertion order. The zero value is an
// empty map ready to use. WIT keeps source order everywhere (package
// contents, interface types and functions, world imports and exports), so
// the resolved model stores its named collections in this type.
type OrderedMap[K comparable, V any] struct {
	keys  []K
	index map[K]int
	vals  []V
}

// Len returns the number of entries.
func (m *OrderedMap[K, V]) Len() int { return len(m.keys) }

// Get returns the value stored under k.
func (m *OrderedMap[K, V]) Get(k K) (V, bool) {
	if i, ok := m.index[k]; ok {
		return m.vals[i], true
	}
	var zero V
	return zero, false
}

// Has reports whether k is present.
func (m *OrderedMap[K, V]) Has(k K) bool {
	_, ok := m.index[k]
	return ok
}

// Set stores v under k, keeping k's position if it is already present and
// appending it otherwise. It reports whether k was already present.
func (m *OrderedMap[K, V]) Set(k K, v V) bool {
	if i, ok := m.index[k]; ok {
		m.vals[i] = v
		return true
	}
	if m.index == nil {
		m.index = make(map[K]int)
	}
	m.index[k] = len(m.keys)
	m.keys = append(m.keys, k)
	m.vals = append(m.vals, v)
	return false
}

// Delete removes k, keeping the order of the other entries.
func (m *OrderedMap[K, V]) Delete(k K) {
	i, ok := m.index[k]
	if !ok {
		return
	}
	m.keys = append(m.keys[:i], m.keys[i+1:]...)
	m.vals = append(m.vals[:i], m.vals[i+1:]...)
	delete(m.index, k)
	for j := i; j < len(m.keys); j++ {
		m.index[m.keys[j]] = j
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
	var c OrderedMap[K, V]
	for i, k := range m.keys {
		c.Set(k, m.vals[i])
	}
	return c
}
