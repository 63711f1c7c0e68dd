package answers

import "unsafe"

// allocator hands out the strings and pointed-to values of one decoded
// answer in a few allocations instead of one each: a list of 1,000 proxies
// has 5,000 strings, and allocating them one by one was most of its
// decoding.
//
// The strings are cut from one copy of the body, so a string kept from an
// answer keeps the whole answer's text alive (at most the client's size
// cap); the body itself stays the caller's and is never aliased.
type allocator struct {
	body    string
	strings slab[string]
	ints    slab[int64]
	bools   slab[bool]
}

// text returns b[start:end] as a string cut from the copy of b.
func (a *allocator) text(b []byte, start, end int) string {
	if start == end {
		return ""
	}
	if len(a.body) != len(b) {
		a.body = string(b)
	}
	return a.body[start:end]
}

// slab hands out pointers to zero values, allocated in chunks that grow
// with the answer (16 at first, at most 256 at a time).
type slab[E any] struct{ free []E }

func (s *slab[E]) next() *E {
	if len(s.free) == 0 {
		n := min(max(2*cap(s.free), 16), 256)
		s.free = make([]E, n)
	}
	e := &s.free[0]
	s.free = s.free[1:]
	return e
}

// newValue returns a pointer to a zero T from a slab of a type with T's
// layout (T is E or a type defined on it: gen's named strings and ints),
// or a fresh one where the layouts differ (int on a 32-bit platform).
func newValue[T any, E any](s *slab[E]) *T {
	var t T
	var e E
	if unsafe.Sizeof(t) != unsafe.Sizeof(e) || unsafe.Alignof(t) != unsafe.Alignof(e) {
		return new(T)
	}
	return (*T)(unsafe.Pointer(s.next()))
}
