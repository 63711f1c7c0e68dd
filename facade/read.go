package facade

import (
	"fmt"
	"io"
)

// readCapped reads a whole body, failing once it passes limit bytes. size
// is the declared Content-Length (-1 if unknown): a body declared too large
// is refused unread.
func readCapped(r io.Reader, size, limit int64) ([]byte, error) {
	if size > limit {
		return nil, fmt.Errorf("%w: body of %d bytes is larger than %d", ErrInvalidResponse, size, limit)
	}
	// One byte past the limit tells a body of exactly limit bytes from a longer one.
	body, err := readAll(io.LimitReader(r, limit+1), size)
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("%w: body larger than %d bytes", ErrInvalidResponse, limit)
	}
	if err != nil {
		return nil, err
	}
	return body, nil
}

// readAll is io.ReadAll starting from a buffer of the declared size (and
// the byte that tells a longer body), so a 20 kB list is read into one
// allocation instead of a dozen doublings. What a server declares is
// trusted up to 1 MiB; past that the buffer grows with what arrives.
func readAll(r io.Reader, size int64) ([]byte, error) {
	const trusted = 1 << 20
	capacity := 512
	if size >= 0 {
		capacity = int(min(size+1, trusted))
	}
	b := make([]byte, 0, capacity)
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}
