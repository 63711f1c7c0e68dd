package answers

// The values a generated decoder reads, one function per Go kind. nullOK
// says whether null is accepted (it leaves a value as it is and sets a
// pointer or slice to nil, as encoding/json does): always for a member
// matched without regard to case (Check does not look at those), and for
// a documented one only where the spec allows null. strict says whether
// the value is checked against the spec (required properties, null).

func decodeInt[T ~int | ~int64](s *scanner, out *T, nullOK bool) error {
	switch c := s.b[s.i]; {
	case isNumberStart(c):
		n, err := s.integer()
		if err != nil {
			return err
		}
		v := T(n)
		if int64(v) != n {
			return s.fail("is an integer out of range")
		}
		*out = v
		return nil
	case c == 'n' && nullOK:
		return s.literal("null")
	}
	return s.wrongType(Integer)
}

func decodeIntPtr[T ~int | ~int64](s *scanner, out **T, nullOK bool) error {
	if s.b[s.i] == 'n' && nullOK {
		*out = nil
		return s.literal("null")
	}
	if *out == nil {
		*out = newValue[T](&s.alloc.ints)
	}
	return decodeInt(s, *out, false)
}

func decodeString[T ~string](s *scanner, out *T, nullOK bool) error {
	switch c := s.b[s.i]; {
	case c == '"':
		v, err := s.stringToken(false)
		if err != nil {
			return err
		}
		*out = T(v)
		return nil
	case c == 'n' && nullOK:
		return s.literal("null")
	}
	return s.wrongType(String)
}

func decodeStringPtr[T ~string](s *scanner, out **T, nullOK bool) error {
	if s.b[s.i] == 'n' && nullOK {
		*out = nil
		return s.literal("null")
	}
	if *out == nil {
		*out = newValue[T](&s.alloc.strings)
	}
	return decodeString(s, *out, false)
}

func decodeBool[T ~bool](s *scanner, out *T, nullOK bool) error {
	switch c := s.b[s.i]; {
	case c == 't':
		*out = true
		return s.literal("true")
	case c == 'f':
		*out = false
		return s.literal("false")
	case c == 'n' && nullOK:
		return s.literal("null")
	}
	return s.wrongType(Boolean)
}

func decodeBoolPtr[T ~bool](s *scanner, out **T, nullOK bool) error {
	if s.b[s.i] == 'n' && nullOK {
		*out = nil
		return s.literal("null")
	}
	if *out == nil {
		*out = newValue[T](&s.alloc.bools)
	}
	return decodeBool(s, *out, false)
}

// openArray reads the '[' of an array, or a null where nullOK.
func (s *scanner) openArray(nullOK bool) (null bool, err error) {
	switch c := s.b[s.i]; {
	case c == 'n' && nullOK:
		return true, s.literal("null")
	case c != '[':
		return false, s.wrongType(Array)
	}
	if s.depth >= maxDepth {
		return false, s.fail("is nested too deeply")
	}
	s.i++
	return false, nil
}

// grow makes list[n] the next item: the one already there (within the
// capacity, as encoding/json reuses it) or a new zero one. first is where
// the array's first item starts.
//
// At the second item, the bytes the first took and the bytes left give
// the list's length, roughly: the list is allocated once at that size (at
// most maxPresized items, whatever the bytes suggest) instead of doubling
// its way there.
func grow[T any](list []T, n int, s *scanner, first int) []T {
	if n < cap(list) {
		return list[:n+1]
	}
	if n == 1 && s.i > first {
		estimate := min((len(s.b)-first)/(s.i-first), maxPresized)
		if estimate > n+1 {
			grown := make([]T, n+1, estimate)
			copy(grown, list[:n])
			return grown
		}
	}
	var zero T
	return append(list, zero)
}

// maxPresized bounds the items a list is given room for before they are
// read (1,024 proxies are about 130 kB).
const maxPresized = 1024

// finish ends a list of n items; no item is an empty, non-nil list.
func finish[T any](list []T, n int) []T {
	if n == 0 {
		return []T{}
	}
	return list[:n]
}
