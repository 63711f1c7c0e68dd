package facade

// Version is this module's release. It goes into the default User-Agent so
// that ProxyShard can tell which client version sent a request when
// something goes wrong on either side.
const Version = "0.1.0"

// modulePath names the module in the default User-Agent.
const modulePath = "github.com/proxyshard/proxyshard-go"

// DefaultUserAgent is sent unless WithUserAgent replaces it.
const DefaultUserAgent = "proxyshard-go/" + Version + " (+https://" + modulePath + ")"
