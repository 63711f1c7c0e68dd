package facade

import (
	"fmt"
	"io"
)

// readCapped reads a whole body, failing once it passes limit bytes. size
// is the declared Content-Length (-1 if unknown): a body declared too large
// is refused unread.
//
// It starts from a buffer of the declared size (and the byte that tells a
// longer body), so a 20 kB list is read into one allocation instead of a
// dozen doublings. What a server declares is trusted up to 1 MiB; past that
// the buffer grows with what arrives. The limit is counted here rather than
// through io.LimitReader, which would cost an allocation on every call.
func readCapped(r io.Reader, size, limit int64) ([]byte, error) {
	if size > limit {
		return nil, fmt.Errorf("%w: body of %d bytes is larger than %d", ErrInvalidResponse, size, limit)
	}
	const trusted = 1 << 20
	// One byte past the limit tells a body of exactly limit bytes from a longer one.
	most := limit + 1
	capacity := int64(512)
	if size >= 0 {
		capacity = min(size+1, trusted)
	}
	b := make([]byte, 0, min(capacity, most))
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):min(int64(cap(b)), most)])
		b = b[:len(b)+n]
		if int64(len(b)) > limit {
			return nil, fmt.Errorf("%w: body larger than %d bytes", ErrInvalidResponse, limit)
		}
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
	}
}
