package main

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/http"
	"runtime"
)

// certificateHint says what to do when the connection failed on the
// server's certificate or its TLS handshake; "" for any other error. Go's
// own text ("x509: certificate signed by unknown authority") names the
// cause but not the remedy.
func certificateHint(err error) string {
	var (
		unknown x509.UnknownAuthorityError
		noRoots x509.SystemRootsError
		host    x509.HostnameError
		invalid x509.CertificateInvalidError
		notTLS  tls.RecordHeaderError
	)
	switch {
	case errors.As(err, &unknown), errors.As(err, &noRoots):
		return "the server's certificate is not trusted: check --base-url; " + privateCAHint()
	case errors.As(err, &host):
		return "the server's certificate is for another host: check --base-url"
	case errors.As(err, &invalid):
		return "the server's certificate is not valid (expired, not yet valid or not for a server): check --base-url and this machine's clock"
	case errors.Is(err, http.ErrSchemeMismatch), errors.As(err, &notTLS):
		return "the server does not speak TLS: check --base-url (https:// for the API, http:// only for a server on this machine)"
	}
	return ""
}

// privateCAHint says how to trust a server whose certificate a private
// certificate authority signed, such as proxyshard-fake -tls -ca-file. Go
// reads SSL_CERT_FILE (and SSL_CERT_DIR) for the system's authorities except
// where the operating system verifies certificates itself.
func privateCAHint() string {
	switch runtime.GOOS {
	case "darwin", "ios", "windows":
		return "for a private certificate authority, add its certificate to the system's trust store"
	}
	return "for a private certificate authority set SSL_CERT_FILE=path/to/ca.pem"
}
