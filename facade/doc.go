// Package facade is the Go client for ProxyShard's User API: profile and
// wallet, the product catalogue, orders, purchases, renewals, add-ons, OS
// fingerprints and proxy credentials, and the residential half: traffic,
// sub-users, geo targeting, the health probes and gateway logins (Gateway).
//
//	client, err := facade.New(os.Getenv("PROXYSHARD_TOKEN"))
//	if err != nil {
//		return err
//	}
//	order := facade.Datacenter{Location: "DE", Cycle: "monthly", Quantity: 10}
//	quote, err := client.Quote(ctx, order)
//	if err != nil {
//		return err
//	}
//	fmt.Println("10 Datacenter proxies cost", quote.Final) // such as $15.00
//	before, err := client.Snapshot(ctx)
//	if err != nil {
//		return err
//	}
//	bought, err := client.Purchase(ctx, order)
//	if errors.Is(err, facade.ErrOutcomeUnknown) {
//		// The answer was lost: Settle says whether the order was bought.
//		settlement, err := client.Settle(ctx, before, err)
//	}
//
// It is a thin layer over the generated client in package gen (see
// Client.Raw): typed inputs checked before anything is sent, typed results,
// money as integer Cents, iterators for lists, and errors that work with
// errors.Is and errors.As (*APIError, *ValidationError, *OutcomeUnknownError).
// For tests, facade/facadetest runs an in-memory fake of the API.
//
// # Which requests are resent
//
// ProxyShard has no idempotency keys: the server cannot tell a resent
// purchase from a second one. So whether the client may send a request
// again depends on what a second copy would do:
//
//   - Reads (every GET: profile, products, counts, orders, order, quotes,
//     proxies, the traffic profile, sub-users, the country, region, city and
//     ISP lists, the health probes) change nothing. They are resent after a
//     transport error or a 429, 502, 503 or 504 answer.
//   - "Set" operations state the whole result they want, so a second copy
//     leaves the same state as the first: setOrderTag (the tag), setAutoRenewal
//     (on or off), setSignatures (an OS per IP; a re-signed IP takes no new
//     slot), setDelNp (RemoveProxies/KeepProxies: a mark per IP),
//     scheduleAddonDowngrade (the next quantity) and cancelAddonDowngrade (no
//     pending change). So are editSubUser (RenameSubUser: the name),
//     deleteSubUser (the sub-user is gone; a resend after a lost answer may
//     answer 400, which then means done) and resetSubUserPassword (a fresh
//     password either way, read back with SubUser). They are resent like
//     reads. None of them charges or moves traffic.
//   - Money-moving operations, purchaseOrder, renewOrder, purchaseAddon,
//     changeBillingCycle and addBandwidth (AddBandwidth charges the wallet),
//     and the traffic moves createSubUser, addSubUserData and
//     subtractSubUserData (a second copy would move the traffic twice), are
//     resent only when the request provably never
//     left this machine: the connection could not be opened (dial, proxy
//     tunnel or TLS handshake failed), or it was refused before a
//     connection was looked for (a redirect to another origin, a transport
//     error with a NotSent method that says so, as api.ContractError has).
//     Such an error says "not sent" and is never ErrOutcomeUnknown. Once they may
//     have reached the server they are never resent: a lost answer (reset
//     connection, timeout, cancelled context, 5xx, unreadable body) becomes an
//     *OutcomeUnknownError matching ErrOutcomeUnknown. A 4xx is a definite
//     refusal and is returned as it is.
//
// An error with a Final method that says so, as *api.ContractError from
// api.ValidatingTransport has, is never retried: a contract violation is
// returned (fail mode), not retried into a success.
//
// Waits grow exponentially with jitter (RetryPolicy), honour Retry-After up
// to a cap, and end at once when the context is done. Three attempts by
// default.
//
// These rules hold on every transport, HTTP/2 over TLS (what the API
// speaks) included, and whatever http.Client is passed with WithHTTPClient:
// only the retry policy resends. net/http resends some requests by itself
// (HTTP/2 after a stream reset or a GOAWAY, HTTP/1.1 after a reused
// connection turned out closed). The client gives the transport no way to
// rewind a body (no Request.GetBody), so a request with a body, every
// money-moving one included, reaches the server at most once per attempt;
// and an HTTP/2 attempt whose transport sets out to send a second copy is
// stopped before the copy is written. HTTP/1.1 may still resend a read
// once per stale kept-alive connection, which is net/http's remedy for a
// race with the server closing it.
//
// # Safety
//
// The bearer token goes only to the configured base URL's scheme, host and
// port, checked as each request is sent, not only when it is built: plain
// http is refused unless the host is loopback, redirects are not followed,
// the order list's next links are followed only on that origin, and the
// outermost transport of the client (around the caller's own, with
// WithHTTPClient) refuses any request for another origin with an
// *OffOriginError (ErrOffOrigin), whatever the caller's CheckRedirect
// chose to follow. No error and no log line contains the token: an error
// whose text quotes it (a server echoing it into a header line, say) is
// rebuilt with scrubbed copies down its whole chain, so errors.Unwrap and
// errors.As (*OutcomeUnknownError, *APIError, *url.Error, *net.OpError)
// reach only scrubbed values.
//
// A success answer that is not the API's JSON (an HTML page, malformed or
// truncated JSON, an empty body), JSON that lacks a property the spec
// requires or has one of the wrong type (checked against tables generated
// from the spec, so {} is never a profile with a balance of $0.00), or any
// answer over 10 MiB becomes an error matching ErrInvalidResponse that
// names the field; an error status with
// an HTML page (a gateway's 502, say) is an *APIError whose Body keeps the
// page's start; a body cut off by the connection is the transport's error
// (io.ErrUnexpectedEOF), and for a money-moving call an unknown outcome.
package facade
