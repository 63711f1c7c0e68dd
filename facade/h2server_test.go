package facade_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"math/big"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
)

// The faults only an HTTP/2 server can make (stream resets with any code,
// GOAWAY) come from h2Server: a TLS listener that speaks HTTP/2 frame by
// frame, so the test decides what follows each request the server has read
// in full. net/http's own server cannot send a chosen reset code.

// h2Action is what the server does once it has read a whole request; n is
// the number of requests it has read so far, this one included.
type h2Action func(w *h2Conn, streamID uint32, path string, n int64)

// h2Server counts every request it reads in full, whatever it does next.
type h2Server struct {
	URL      string
	Client   *http.Client // trusts the server's certificate; HTTP/2 only
	requests atomic.Int64
	act      h2Action
	ln       net.Listener
	wg       sync.WaitGroup
	mu       sync.Mutex
	conns    []net.Conn
}

// newH2Server starts a loopback HTTP/2 server over TLS that runs act after
// each request. It is closed with the test.
func newH2Server(t *testing.T, act h2Action) *h2Server {
	t.Helper()
	cert, pool := selfSigned(t)
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{"h2"}})
	require.NoError(t, err)
	s := &h2Server{URL: "https://" + ln.Addr().String(), act: act, ln: ln}
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, ForceAttemptHTTP2: true}
	s.Client = &http.Client{Transport: tr}
	s.wg.Go(s.accept)
	t.Cleanup(func() {
		_ = ln.Close()
		tr.CloseIdleConnections()
		// A connection the client dialled for a copy it then withheld may
		// still be open; the server ends it rather than wait for the client.
		s.mu.Lock()
		for _, c := range s.conns {
			_ = c.Close()
		}
		s.mu.Unlock()
		s.wg.Wait()
	})
	return s
}

func (s *h2Server) Requests() int64 { return s.requests.Load() }

func (s *h2Server) accept() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		s.conns = append(s.conns, c)
		s.mu.Unlock()
		s.wg.Go(func() { s.serve(c) })
	}
}

// h2Conn is one connection's writer side, used by actions.
type h2Conn struct {
	c  net.Conn
	fr *http2.Framer
}

func (s *h2Server) serve(c net.Conn) {
	defer func() { _ = c.Close() }()
	_ = c.SetDeadline(time.Now().Add(20 * time.Second))
	preface := make([]byte, len(http2.ClientPreface))
	if _, err := io.ReadFull(c, preface); err != nil || string(preface) != http2.ClientPreface {
		return
	}
	w := &h2Conn{c: c, fr: http2.NewFramer(c, c)}
	w.fr.ReadMetaHeaders = hpack.NewDecoder(4096, nil)
	if w.fr.WriteSettings() != nil {
		return
	}
	paths := map[uint32]string{}
	for {
		f, err := w.fr.ReadFrame()
		if err != nil {
			return
		}
		var ended uint32
		switch f := f.(type) {
		case *http2.SettingsFrame:
			if !f.IsAck() {
				_ = w.fr.WriteSettingsAck()
			}
		case *http2.PingFrame:
			if !f.IsAck() {
				_ = w.fr.WritePing(true, f.Data)
			}
		case *http2.MetaHeadersFrame:
			paths[f.StreamID] = f.PseudoValue("path")
			if f.StreamEnded() {
				ended = f.StreamID
			}
		case *http2.DataFrame:
			if f.StreamEnded() {
				ended = f.StreamID
			}
		}
		if ended != 0 {
			s.act(w, ended, paths[ended], s.requests.Add(1))
		}
	}
}

// reset sends RST_STREAM with code.
func (w *h2Conn) reset(id uint32, code http2.ErrCode) { _ = w.fr.WriteRSTStream(id, code) }

// goAway sends GOAWAY saying the last stream the server processed is last.
func (w *h2Conn) goAway(last uint32, code http2.ErrCode) { _ = w.fr.WriteGoAway(last, code, nil) }

// drop closes the connection.
func (w *h2Conn) drop() { _ = w.c.Close() }

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	leaf, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}
